// Command kstatus reads one Kubernetes object as JSON on stdin and prints, as JSON on stdout, the status
// that kstatus (sigs.k8s.io/cli-utils/pkg/kstatus/status) computes for it: what Flux, kpt and Config Sync
// would conclude about the object. The end-to-end suites use it to check the DhakaCart status conventions
// with the real library rather than a reimplementation.
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"sigs.k8s.io/cli-utils/pkg/kstatus/status"
)

func main() {
	raw, err := io.ReadAll(os.Stdin)
	if err != nil {
		fail("reading stdin: %v", err)
	}
	var obj unstructured.Unstructured
	if err := obj.UnmarshalJSON(raw); err != nil {
		fail("parsing the object: %v", err)
	}
	result, err := status.Compute(&obj)
	if err != nil {
		fail("computing the status: %v", err)
	}
	conditions := make([]string, 0, len(result.Conditions))
	for _, c := range result.Conditions {
		conditions = append(conditions, string(c.Type))
	}
	out, _ := json.Marshal(map[string]any{
		"status":     result.Status.String(),
		"message":    result.Message,
		"conditions": conditions,
	})
	fmt.Println(string(out))
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "kstatus: "+format+"\n", args...)
	os.Exit(1)
}
