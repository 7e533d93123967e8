// The YAML mode of the oracle (`oracle -yaml`): manifest texts read as kubectl reads them, for the differential
// fuzzing of the project's YAML reader (src/validation/kube-yaml.ts). It reads JSON lines
//
//	{"id": 7, "yaml": "a: yes\n---\n..."}
//
// and answers each with one line: the documents kubectl's resource builder would see, in order, as JSON (what
// apimachinery's YAMLOrJSONDecoder yields, with kubectl's StreamVisitor skipping empty and `null` documents), or the
// error that stops it:
//
//	{"id": 7, "documents": [{"a": true}]}
//	{"id": 8, "error": "yaml: line 2: did not find expected key"}
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"os"
	"strings"

	"k8s.io/apimachinery/pkg/runtime"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
)

type yamlRequest struct {
	ID   json.RawMessage `json:"id"`
	YAML string          `json:"yaml"`
}

type yamlResponse struct {
	ID        json.RawMessage   `json:"id"`
	Documents []json.RawMessage `json:"documents"`
	Error     string            `json:"error,omitempty"`
}

// kubectlDocuments is kubectl's StreamVisitor.Visit over a text: NewYAMLOrJSONDecoder(r, 4096), each document decoded
// into a RawExtension, trimmed, and skipped when empty or null.
func kubectlDocuments(text string) (docs []json.RawMessage, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = panicError{r}
		}
	}()
	d := utilyaml.NewYAMLOrJSONDecoder(strings.NewReader(text), 4096)
	docs = []json.RawMessage{}
	for {
		ext := runtime.RawExtension{}
		if err := d.Decode(&ext); err != nil {
			if err == io.EOF {
				return docs, nil
			}
			return nil, err
		}
		raw := bytes.TrimSpace(ext.Raw)
		if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
			continue
		}
		docs = append(docs, json.RawMessage(append([]byte(nil), raw...)))
	}
}

type panicError struct{ value any }

func (p panicError) Error() string { return "panic: " + strings.TrimSpace(toString(p.value)) }

func toString(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func yamlMain() {
	out := bufio.NewWriterSize(os.Stdout, 1<<16)
	enc := json.NewEncoder(out)
	_ = enc.Encode(map[string]any{"ready": true, "mode": "yaml"})
	_ = out.Flush()
	in := bufio.NewReaderSize(os.Stdin, 1<<20)
	for {
		line, err := in.ReadBytes('\n')
		if len(bytes.TrimSpace(line)) > 0 {
			var req yamlRequest
			var resp yamlResponse
			if jerr := json.Unmarshal(line, &req); jerr != nil {
				resp = yamlResponse{Error: "bad request line: " + jerr.Error()}
			} else {
				resp.ID = req.ID
				docs, derr := kubectlDocuments(req.YAML)
				if derr != nil {
					resp.Error = derr.Error()
				} else {
					resp.Documents = docs
				}
			}
			_ = enc.Encode(resp)
			_ = out.Flush()
		}
		if err != nil {
			return
		}
	}
}
