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
// The evaluator returns one result per check, without the check's ID; the IDs come from the same registry rules
// (baseline IDs sorted, then restricted IDs sorted, the baseline checks a restricted one overrides left out at the
// restricted level), and the oracle refuses to answer when their number differs from the evaluator's results.
package main

import (
	"encoding/json"
	"fmt"
	"slices"
	"sync"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/pod-security-admission/api"
	"k8s.io/pod-security-admission/policy"
	sigsjson "sigs.k8s.io/json"
)

type podSecurityRequest struct {
	Level    string          `json:"level"`
	Metadata json.RawMessage `json:"metadata"`
	Spec     json.RawMessage `json:"spec"`
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
	var metadata metav1.ObjectMeta
	var spec corev1.PodSpec
	if len(req.Metadata) > 0 {
		if err := sigsjson.UnmarshalCaseSensitivePreserveInts(req.Metadata, &metadata); err != nil {
			resp.Problem = "metadata: " + err.Error()
			return resp
		}
	}
	if err := sigsjson.UnmarshalCaseSensitivePreserveInts(req.Spec, &spec); err != nil {
		resp.Problem = "spec: " + err.Error()
		return resp
	}
	results := podSecurityEvaluator.EvaluatePod(api.LevelVersion{Level: level, Version: api.LatestVersion()}, &metadata, &spec)
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
