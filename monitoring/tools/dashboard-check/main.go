// dashboard-check decodes each Grafana dashboard JSON file given on the command line with the Grafana
// Foundation SDK's strict decoder (unknown fields, missing required fields and wrong types are errors)
// and runs the SDK's validation, so a dashboard the TypeScript builders produced is one Grafana's schema
// accepts. Prints one line per file; exits 1 if any file fails.
package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/grafana/grafana-foundation-sdk/go/cog"
	"github.com/grafana/grafana-foundation-sdk/go/cog/plugins"
	"github.com/grafana/grafana-foundation-sdk/go/dashboard"
)

func main() {
	// Panel options and queries are decoded by the panel and data source plugins' types.
	plugins.RegisterDefaultPlugins()
	failed := false
	for _, path := range os.Args[1:] {
		if err := check(path); err != nil {
			fmt.Printf("%s: %v\n", path, err)
			failed = true
			continue
		}
		fmt.Printf("%s: ok\n", path)
	}
	if failed {
		os.Exit(1)
	}
}

func check(path string) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var board dashboard.Dashboard
	if err := orNil(board.UnmarshalJSONStrict(raw)); err != nil {
		return fmt.Errorf("strict decoding: %w", err)
	}
	if err := orNil(board.Validate()); err != nil {
		return fmt.Errorf("validation: %w", err)
	}
	return nil
}

// orNil turns the empty error list the SDK returns on success (a nil cog.BuildErrors in a non-nil error
// interface) into nil.
func orNil(err error) error {
	var list cog.BuildErrors
	if errors.As(err, &list) && len(list) == 0 {
		return nil
	}
	return err
}
