// Command oracle judges custom resources as the Kubernetes API server does on create, with the API server's own
// code (k8s.io/apiextensions-apiserver), for the differential fuzzing of the project's offline validator.
//
// Usage: oracle CRDS_DIR, or oracle -yaml for the YAML mode (yaml.go). It loads every CRD under CRDS_DIR (one folder
// per release: gateway-api/v1.6.1-standard, envoy-gateway/v1.8.1, ...), prints one ready line, then reads JSON lines
//
//	{"id": 7, "release": "gateway-api/v1.6.1-standard", "object": {...}}
//
// and answers each with one line
//
//	{"id": 7, "accepted": false, "pruned": ["spec.x"], "errors": [{"path": "spec.rules[0]", "type": "FieldValueInvalid", "detail": "..."}]}
//
// The steps are the API server's, in its order for a create with kubectl's default strict field validation: pruning of
// unknown fields (each reported; strict validation rejects them) and of non-nullable nulls, ObjectMeta coercion,
// structural defaulting, the namespace kubectl gives a namespaced object without one, PrepareForCreate (status
// dropped when the status subresource is on), then the custom resource strategy's Validate: ObjectMeta (name rules),
// the OpenAPI schema, embedded ObjectMeta, x-kubernetes-list-type map/set, and every x-kubernetes-validations CEL rule
// with the per-call and per-request cost budgets (skipped, as the server does, when a blocking error exists).
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"k8s.io/apiextensions-apiserver/pkg/apis/apiextensions"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	structuralschema "k8s.io/apiextensions-apiserver/pkg/apiserver/schema"
	structuraldefaulting "k8s.io/apiextensions-apiserver/pkg/apiserver/schema/defaulting"
	schemaobjectmeta "k8s.io/apiextensions-apiserver/pkg/apiserver/schema/objectmeta"
	structuralpruning "k8s.io/apiextensions-apiserver/pkg/apiserver/schema/pruning"
	apiservervalidation "k8s.io/apiextensions-apiserver/pkg/apiserver/validation"
	"k8s.io/apiextensions-apiserver/pkg/registry/customresource"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	utiljson "k8s.io/apimachinery/pkg/util/json"
	"k8s.io/apimachinery/pkg/util/validation/field"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
	"k8s.io/apiserver/pkg/storage/names"
)

// servedVersion is one served version of one CRD of one release, ready to judge objects.
type servedVersion struct {
	structural      *structuralschema.Structural
	validate        func(ctx context.Context, u *unstructured.Unstructured) field.ErrorList
	prepare         func(ctx context.Context, u *unstructured.Unstructured)
	namespaced      bool
	preserveUnknown bool
}

type request struct {
	ID      json.RawMessage `json:"id"`
	Release string          `json:"release"`
	Object  json.RawMessage `json:"object"`
	// PodSecurity, when set, asks for the Pod Security Standards' verdict on a pod instead (podsecurity.go).
	PodSecurity *podSecurityRequest `json:"podSecurity,omitempty"`
}

type fieldError struct {
	Path   string `json:"path"`
	Type   string `json:"type"`
	Detail string `json:"detail"`
}

type response struct {
	ID       json.RawMessage `json:"id"`
	Accepted bool            `json:"accepted"`
	Pruned   []string        `json:"pruned,omitempty"`
	Errors   []fieldError    `json:"errors,omitempty"`
	Problem  string          `json:"problem,omitempty"`
}

func main() {
	if len(os.Args) == 2 && os.Args[1] == "-yaml" {
		yamlMain()
		return
	}
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: oracle CRDS_DIR")
		os.Exit(2)
	}
	t0 := time.Now()
	versions, count, err := load(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "oracle:", err)
		os.Exit(1)
	}
	out := bufio.NewWriterSize(os.Stdout, 1<<16)
	enc := json.NewEncoder(out)
	_ = enc.Encode(map[string]any{"ready": true, "versions": count, "loadMillis": time.Since(t0).Milliseconds()})
	_ = out.Flush()

	in := bufio.NewReaderSize(os.Stdin, 1<<20)
	for {
		line, err := in.ReadBytes('\n')
		if len(strings.TrimSpace(string(line))) > 0 {
			var req request
			var resp any
			if jerr := json.Unmarshal(line, &req); jerr != nil {
				resp = response{Problem: "bad request line: " + jerr.Error()}
			} else if req.PodSecurity != nil {
				resp = judgePodSecurity(req.ID, req.PodSecurity)
			} else {
				resp = judge(versions, req)
			}
			_ = enc.Encode(resp)
			if in.Buffered() == 0 {
				_ = out.Flush()
			}
		}
		if err == io.EOF {
			_ = out.Flush()
			return
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "oracle:", err)
			os.Exit(1)
		}
	}
}

// key: release folder + "/" + group/version/Kind.
func load(root string) (map[string]*servedVersion, int, error) {
	versions := map[string]*servedVersion{}
	var files []string
	err := filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if !info.IsDir() && (strings.HasSuffix(p, ".yaml") || strings.HasSuffix(p, ".yml")) {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	sort.Strings(files)
	for _, file := range files {
		rel, _ := filepath.Rel(root, filepath.Dir(file))
		release := filepath.ToSlash(rel)
		f, err := os.Open(file)
		if err != nil {
			return nil, 0, err
		}
		dec := utilyaml.NewYAMLOrJSONDecoder(f, 1<<16)
		for {
			var crd apiextensionsv1.CustomResourceDefinition
			if err := dec.Decode(&crd); err != nil {
				if err == io.EOF {
					break
				}
				f.Close()
				return nil, 0, fmt.Errorf("%s: %w", file, err)
			}
			if crd.Kind != "CustomResourceDefinition" {
				continue
			}
			if err := addCRD(versions, release, &crd); err != nil {
				f.Close()
				return nil, 0, fmt.Errorf("%s: %s: %w", file, crd.Name, err)
			}
		}
		f.Close()
	}
	return versions, len(versions), nil
}

func addCRD(versions map[string]*servedVersion, release string, v1crd *apiextensionsv1.CustomResourceDefinition) error {
	var crd apiextensions.CustomResourceDefinition
	if err := apiextensionsv1.Convert_v1_CustomResourceDefinition_To_apiextensions_CustomResourceDefinition(v1crd, &crd, nil); err != nil {
		return err
	}
	namespaced := crd.Spec.Scope == apiextensions.NamespaceScoped
	for _, v := range crd.Spec.Versions {
		if !v.Served {
			continue
		}
		validation := crd.Spec.Validation
		if v.Schema != nil {
			validation = v.Schema
		}
		subresources := crd.Spec.Subresources
		if v.Subresources != nil {
			subresources = v.Subresources
		}
		var openAPI *apiextensions.JSONSchemaProps
		if validation != nil {
			openAPI = validation.OpenAPIV3Schema
		}
		structural, err := structuralschema.NewStructural(openAPI)
		if err != nil {
			return fmt.Errorf("version %s: structural schema: %w", v.Name, err)
		}
		schemaValidator, _, err := apiservervalidation.NewSchemaValidator(openAPI)
		if err != nil {
			return fmt.Errorf("version %s: schema validator: %w", v.Name, err)
		}
		var status *apiextensions.CustomResourceSubresourceStatus
		var scale *apiextensions.CustomResourceSubresourceScale
		if subresources != nil {
			status = subresources.Status
			scale = subresources.Scale
		}
		gvk := schema.GroupVersionKind{Group: crd.Spec.Group, Version: v.Name, Kind: crd.Spec.Names.Kind}
		strategy := customresource.NewStrategy(nil, namespaced, gvk, schemaValidator, nil, structural, status, scale, nil)
		preserve := crd.Spec.PreserveUnknownFields != nil && *crd.Spec.PreserveUnknownFields
		versions[release+"/"+crd.Spec.Group+"/"+v.Name+"/"+crd.Spec.Names.Kind] = &servedVersion{
			structural: structural,
			validate: func(ctx context.Context, u *unstructured.Unstructured) field.ErrorList {
				return strategy.Validate(ctx, u)
			},
			prepare: func(ctx context.Context, u *unstructured.Unstructured) {
				strategy.PrepareForCreate(ctx, u)
			},
			namespaced:      namespaced,
			preserveUnknown: preserve,
		}
	}
	return nil
}

func judge(versions map[string]*servedVersion, req request) (resp response) {
	resp.ID = req.ID
	defer func() {
		if r := recover(); r != nil {
			resp.Accepted = false
			resp.Problem = fmt.Sprintf("oracle panic: %v", r)
		}
	}()
	// The API server's JSON decoding: integers become int64, other numbers float64.
	var obj map[string]interface{}
	if err := utiljson.Unmarshal(req.Object, &obj); err != nil || obj == nil {
		resp.Errors = []fieldError{{Path: "", Type: "BadRequest", Detail: fmt.Sprintf("not a JSON object: %v", err)}}
		return resp
	}
	apiVersion, _ := obj["apiVersion"].(string)
	kind, _ := obj["kind"].(string)
	gv, err := schema.ParseGroupVersion(apiVersion)
	if err != nil || kind == "" {
		resp.Errors = []fieldError{{Path: "apiVersion", Type: "BadRequest", Detail: "apiVersion and kind are required"}}
		return resp
	}
	sv := versions[req.Release+"/"+gv.Group+"/"+gv.Version+"/"+kind]
	if sv == nil {
		resp.Errors = []fieldError{{Path: "apiVersion", Type: "NotFound", Detail: fmt.Sprintf("release %s does not serve %s %s", req.Release, apiVersion, kind)}}
		return resp
	}
	u := &unstructured.Unstructured{Object: obj}

	// Decoding (schemaCoercingDecoder): pruning with unknown-field tracking, ObjectMeta coercion.
	objectMeta, foundMeta, metaUnknown, err := schemaobjectmeta.GetObjectMetaWithOptions(u.Object, schemaobjectmeta.ObjectMetaOptions{ReturnUnknownFieldPaths: true})
	if err != nil {
		resp.Errors = []fieldError{{Path: "metadata", Type: "BadRequest", Detail: err.Error()}}
		return resp
	}
	pruned := append([]string{}, metaUnknown...)
	if !sv.preserveUnknown {
		pruned = append(pruned, structuralpruning.PruneWithOptions(u.Object, sv.structural, true, structuralschema.UnknownFieldPathOptions{TrackUnknownFieldPaths: true})...)
		structuraldefaulting.PruneNonNullableNullsWithoutDefaults(u.Object, sv.structural)
	}
	if ferr, paths := schemaobjectmeta.CoerceWithOptions(nil, u.Object, sv.structural, false, schemaobjectmeta.CoerceOptions{ReturnUnknownFieldPaths: true}); ferr != nil {
		resp.Errors = []fieldError{{Path: ferr.Field, Type: string(ferr.Type), Detail: ferr.Detail}}
		return resp
	} else {
		pruned = append(pruned, paths...)
	}
	u.SetKind(kind)
	u.SetAPIVersion(apiVersion)
	if foundMeta {
		if err := schemaobjectmeta.SetObjectMeta(u.Object, objectMeta); err != nil {
			resp.Errors = []fieldError{{Path: "metadata", Type: "BadRequest", Detail: err.Error()}}
			return resp
		}
	}
	// Defaulting (the codec's unstructuredDefaulter).
	structuraldefaulting.Default(u.Object, sv.structural)

	resp.Pruned = pruned
	// kubectl's default field validation is Strict: unknown fields fail the request.
	for _, p := range pruned {
		resp.Errors = append(resp.Errors, fieldError{Path: p, Type: "FieldValueUnknown", Detail: fmt.Sprintf("unknown field %q", p)})
	}

	// kubectl sends a namespaced object without a namespace to its context's namespace; the server clears a
	// cluster-scoped object's namespace (rest.BeforeCreate).
	ctx := context.Background()
	if sv.namespaced {
		if u.GetNamespace() == "" {
			u.SetNamespace("default")
		}
		ctx = genericapirequest.WithNamespace(ctx, u.GetNamespace())
	} else {
		u.SetNamespace("")
	}
	if u.GetName() == "" && u.GetGenerateName() != "" {
		// rest.BeforeCreate: the name generator truncates the prefix and appends five random characters.
		u.SetName(names.SimpleNameGenerator.GenerateName(u.GetGenerateName()))
	}
	sv.prepare(ctx, u)
	for _, e := range sv.validate(ctx, u) {
		resp.Errors = append(resp.Errors, fieldError{Path: e.Field, Type: string(e.Type), Detail: e.ErrorBody()})
	}
	resp.Accepted = len(resp.Errors) == 0
	return resp
}
