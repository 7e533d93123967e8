// The pod-security mode of the oracle: the Pod Security Standards as k8s.io/pod-security-admission evaluates them,
// for the differential fuzzing of the project's TypeScript port (src/validation/pod-security.ts). A request line
//
//	{"id": 7, "podSecurity": {"level": "restricted", "metadata": {...}, "spec": {...}}}
//
// is answered with the evaluator's verdict at api.LatestVersion() (policy.NewEvaluator(policy.DefaultChecks())):
//
//	{"id": 7, "allowed": false, "forbiddenReasons": ["runAsNonRoot != true"], "forbiddenDetails": ["..."],
//	 "failing": [{"id": "runAsNonRoot", "reason": "...", "detail": "..."}]}
//
// With "object" (a whole Pod, Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob, ReplicationController or
// PodTemplate) instead of metadata and spec, the pod is taken from it by the admission plugin's DefaultPodSpecExtractor
// (the template's metadata and spec); an object of another kind or API group holds no pod ("noPod": true, allowed).
//
// The evaluator returns one result per check, without the check's ID; the IDs come from the same registry rules
// (baseline IDs sorted, then restricted IDs sorted, the baseline checks a restricted one overrides left out at the
// restricted level), and the oracle refuses to answer when their number differs from the evaluator's results.
package main

import (
	"encoding/json"
	"fmt"
	"slices"
	"sync"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/pod-security-admission/admission"
	"k8s.io/pod-security-admission/api"
	"k8s.io/pod-security-admission/policy"
	sigsjson "sigs.k8s.io/json"
)

type podSecurityRequest struct {
	Level    string          `json:"level"`
	Metadata json.RawMessage `json:"metadata"`
	Spec     json.RawMessage `json:"spec"`
	Object   json.RawMessage `json:"object"`
}

type failingCheck struct {
	ID     string `json:"id"`
	Reason string `json:"reason"`
	Detail string `json:"detail"`
}

type podSecurityResponse struct {
	ID               json.RawMessage `json:"id"`
	Allowed          bool            `json:"allowed"`
	ForbiddenReasons []string        `json:"forbiddenReasons"`
	ForbiddenDetails []string        `json:"forbiddenDetails"`
	Failing          []failingCheck  `json:"failing"`
	NoPod            bool            `json:"noPod,omitempty"`
	Problem          string          `json:"problem,omitempty"`
}

var (
	podSecurityOnce      sync.Once
	podSecurityEvaluator policy.Evaluator
	podSecurityIDs       map[api.Level][]string
	podSecurityErr       error
)

func podSecuritySetup() {
	checks := policy.DefaultChecks()
	podSecurityEvaluator, podSecurityErr = policy.NewEvaluator(checks, nil)
	if podSecurityErr != nil {
		return
	}
	var baseline, restricted []string
	overridden := map[string]bool{}
	for _, c := range checks {
		if c.Level == api.LevelRestricted {
			restricted = append(restricted, string(c.ID))
			// The latest version of a check is its last VersionedCheck.
			for _, o := range c.Versions[len(c.Versions)-1].OverrideCheckIDs {
				overridden[string(o)] = true
			}
		} else {
			baseline = append(baseline, string(c.ID))
		}
	}
	slices.Sort(baseline)
	slices.Sort(restricted)
	var restrictedLevel []string
	for _, id := range baseline {
		if !overridden[id] {
			restrictedLevel = append(restrictedLevel, id)
		}
	}
	restrictedLevel = append(restrictedLevel, restricted...)
	podSecurityIDs = map[api.Level][]string{api.LevelBaseline: baseline, api.LevelRestricted: restrictedLevel}
}

func judgePodSecurity(id json.RawMessage, req *podSecurityRequest) (resp podSecurityResponse) {
	resp.ID = id
	defer func() {
		if r := recover(); r != nil {
			resp = podSecurityResponse{ID: id, Problem: fmt.Sprintf("oracle panic: %v", r)}
		}
	}()
	podSecurityOnce.Do(podSecuritySetup)
	if podSecurityErr != nil {
		resp.Problem = "policy.NewEvaluator: " + podSecurityErr.Error()
		return resp
	}
	level, err := api.ParseLevel(req.Level)
	if err != nil || level == api.LevelPrivileged {
		resp.Problem = fmt.Sprintf("level %q: use baseline or restricted", req.Level)
		return resp
	}
	// The API server's decoding of typed objects: case-sensitive field names, integers kept.
	metadata := &metav1.ObjectMeta{}
	spec := &corev1.PodSpec{}
	if len(req.Object) > 0 {
		var noPod bool
		metadata, spec, noPod, err = extractPod(req.Object)
		if err != nil {
			resp.Problem = "object: " + err.Error()
			return resp
		}
		if noPod {
			resp.Allowed, resp.NoPod, resp.Failing = true, true, []failingCheck{}
			return resp
		}
	} else {
		if len(req.Metadata) > 0 {
			if err := sigsjson.UnmarshalCaseSensitivePreserveInts(req.Metadata, metadata); err != nil {
				resp.Problem = "metadata: " + err.Error()
				return resp
			}
		}
		if err := sigsjson.UnmarshalCaseSensitivePreserveInts(req.Spec, spec); err != nil {
			resp.Problem = "spec: " + err.Error()
			return resp
		}
	}
	results := podSecurityEvaluator.EvaluatePod(api.LevelVersion{Level: level, Version: api.LatestVersion()}, metadata, spec)
	ids := podSecurityIDs[level]
	if len(ids) != len(results) {
		resp.Problem = fmt.Sprintf("the evaluator ran %d checks at %s, the oracle expected %d (%v)", len(results), level, len(ids), ids)
		return resp
	}
	aggregate := policy.AggregateCheckResults(results)
	resp.Allowed = aggregate.Allowed
	resp.ForbiddenReasons = aggregate.ForbiddenReasons
	resp.ForbiddenDetails = aggregate.ForbiddenDetails
	resp.Failing = []failingCheck{}
	for i, r := range results {
		if !r.Allowed {
			resp.Failing = append(resp.Failing, failingCheck{ID: ids[i], Reason: r.ForbiddenReason, Detail: r.ForbiddenDetail})
		}
	}
	return resp
}

// extractPod decodes an object of one of the kinds the admission plugin takes pods from (by group and kind) and
// extracts its pod with admission.DefaultPodSpecExtractor; noPod for other kinds and groups, and for a template-less
// ReplicationController.
func extractPod(raw json.RawMessage) (*metav1.ObjectMeta, *corev1.PodSpec, bool, error) {
	var typeMeta metav1.TypeMeta
	if err := json.Unmarshal(raw, &typeMeta); err != nil {
		return nil, nil, false, err
	}
	gv, err := schema.ParseGroupVersion(typeMeta.APIVersion)
	if err != nil {
		return nil, nil, true, nil
	}
	var obj runtime.Object
	switch (schema.GroupKind{Group: gv.Group, Kind: typeMeta.Kind}) {
	case schema.GroupKind{Kind: "Pod"}:
		obj = &corev1.Pod{}
	case schema.GroupKind{Kind: "PodTemplate"}:
		obj = &corev1.PodTemplate{}
	case schema.GroupKind{Kind: "ReplicationController"}:
		obj = &corev1.ReplicationController{}
	case schema.GroupKind{Group: "apps", Kind: "ReplicaSet"}:
		obj = &appsv1.ReplicaSet{}
	case schema.GroupKind{Group: "apps", Kind: "Deployment"}:
		obj = &appsv1.Deployment{}
	case schema.GroupKind{Group: "apps", Kind: "DaemonSet"}:
		obj = &appsv1.DaemonSet{}
	case schema.GroupKind{Group: "apps", Kind: "StatefulSet"}:
		obj = &appsv1.StatefulSet{}
	case schema.GroupKind{Group: "batch", Kind: "Job"}:
		obj = &batchv1.Job{}
	case schema.GroupKind{Group: "batch", Kind: "CronJob"}:
		obj = &batchv1.CronJob{}
	default:
		return nil, nil, true, nil
	}
	if err := sigsjson.UnmarshalCaseSensitivePreserveInts(raw, obj); err != nil {
		return nil, nil, false, err
	}
	metadata, spec, err := admission.DefaultPodSpecExtractor{}.ExtractPodSpec(obj)
	if err != nil {
		return nil, nil, false, err
	}
	if spec == nil {
		return nil, nil, true, nil
	}
	return metadata, spec, false, nil
}
