// Command gendocs writes api/operations_gen.go: the OpenAPI operations of the resources declared in
// api/declarations.go, as the swag comments swag reads. go generate runs it before swag.
package main

import (
	"bytes"
	"fmt"
	"os"

	"github.com/byregion/byregion/api"
)

func main() {
	var b bytes.Buffer
	if err := api.WriteOperations(&b); err != nil {
		fmt.Fprintln(os.Stderr, "gendocs:", err)
		os.Exit(1)
	}
	if err := os.WriteFile("api/operations_gen.go", b.Bytes(), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "gendocs:", err)
		os.Exit(1)
	}
}
