package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The layers run one way: main → api → internal packages → the standard library and dependencies. No
// internal package knows HTTP (net/http, Echo, paths of the API) or imports api; domain imports no other
// package of the project, and only the standard library. The test reads every package's imports.
func TestLayersRunOneWay(t *testing.T) {
	const module = "github.com/byregion/byregion"
	fset := token.NewFileSet()
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly|parser.ParseComments)
		if err != nil {
			return err
		}
		dir := filepath.ToSlash(filepath.Dir(path))
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			switch {
			case strings.HasPrefix(dir, "internal/") && (p == "net/http" || strings.HasPrefix(p, "github.com/labstack/echo")):
				t.Errorf("%s imports %s: HTTP belongs to api", path, p)
			case strings.HasPrefix(dir, "internal/") && (p == module+"/api" || strings.HasPrefix(p, module+"/api/")):
				t.Errorf("%s imports %s: internal packages do not know the API", path, p)
			case dir == "internal/domain" && strings.Contains(strings.SplitN(p, "/", 2)[0], "."):
				t.Errorf("%s imports %s: domain imports only the standard library", path, p)
			}
		}
		if strings.HasPrefix(dir, "internal/") {
			full, err := parser.ParseFile(fset, path, nil, 0)
			if err != nil {
				return err
			}
			ast.Inspect(full, func(n ast.Node) bool {
				if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING && strings.Contains(lit.Value, "/api/v1") {
					t.Errorf("%s: %s names a path of the API", fset.Position(lit.Pos()), lit.Value)
				}
				return true
			})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
