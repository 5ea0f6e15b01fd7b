// Command gen writes the OpenAPI document the API serves (api.OpenAPI: openapi.json
// completed from the workflow's table of decisions and the table of route access) to the
// file named by its argument; `make generate` then generates internal/client from it.
package main

import (
	"fmt"
	"os"

	"github.com/dvc-project/dvc/api"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: gen PATH")
		os.Exit(2)
	}
	if err := os.WriteFile(os.Args[1], append(api.OpenAPI, '\n'), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
