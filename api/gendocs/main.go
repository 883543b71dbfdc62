// Command gendocs writes what go generate makes from the API's declarations, in two steps around swag:
//
//	go run ./api/gendocs operations   # api/operations_gen.go: the declared resources' swag comments
//	go run ./api/gendocs openapi      # docs/openapi.json, built from docs/swagger.json, and docs/docs.go, which embeds it
package main

import (
	"bytes"
	"fmt"
	"os"

	"github.com/byregion/byregion/api"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "gendocs:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) != 1 {
		return fmt.Errorf("usage: gendocs operations|openapi")
	}
	switch args[0] {
	case "operations":
		var b bytes.Buffer
		if err := api.WriteOperations(&b); err != nil {
			return err
		}
		return os.WriteFile("api/operations_gen.go", b.Bytes(), 0o644)
	case "openapi":
		swagger, err := os.ReadFile("docs/swagger.json")
		if err != nil {
			return err
		}
		doc, err := api.OpenAPIDocument(swagger)
		if err != nil {
			return err
		}
		if err := os.WriteFile("docs/openapi.json", doc, 0o644); err != nil {
			return err
		}
		return os.WriteFile("docs/docs.go", []byte(api.DocsPackage), 0o644)
	}
	return fmt.Errorf("unknown step %q: operations or openapi", args[0])
}
