package api_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The typed TypeScript client in clients/typescript is what openapi-typescript makes of the served
// document; its example compiles under tsc --strict (no casts, no non-null assertions) and runs under Node
// against a live server, whose every request and answer is held to the document on the way. CI installs
// the tools (.ci/run); elsewhere the test is skipped without them.
func TestTypeScriptClient(t *testing.T) {
	t.Parallel()
	dir, _ := filepath.Abs("../clients/typescript")
	bin := filepath.Join(dir, "node_modules", ".bin")
	if _, err := os.Stat(filepath.Join(bin, "tsc")); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("CI must install the client's tools: npm ci --prefix clients/typescript")
		}
		t.Skip("the client's tools are not installed: npm ci --prefix clients/typescript")
	}
	command := func(name string, args ...string) *exec.Cmd {
		cmd := exec.Command(name, args...)
		cmd.Dir = dir
		return cmd
	}
	types := filepath.Join(t.TempDir(), "schema.d.ts")
	if out, err := command(filepath.Join(bin, "openapi-typescript"), "../../docs/openapi.json", "--output", types).CombinedOutput(); err != nil {
		t.Fatalf("openapi-typescript: %v\n%s", err, out)
	}
	want, _ := os.ReadFile(types)
	if got, err := os.ReadFile(filepath.Join(dir, "src", "schema.d.ts")); err != nil || !bytes.Equal(got, want) {
		t.Fatalf("clients/typescript/src/schema.d.ts is stale (%v): run 'npm run generate --prefix clients/typescript'", err)
	}
	if out, err := command(filepath.Join(bin, "tsc"), "--project", "tsconfig.json").CombinedOutput(); err != nil {
		t.Fatalf("tsc --strict: %v\n%s", err, out)
	}
	source, _ := os.ReadFile(filepath.Join(dir, "src", "example.ts"))
	for i, line := range strings.Split(string(source), "\n") {
		code, _, _ := strings.Cut(line, "// ") // comments aside
		for _, cast := range []string{" as ", "!.", "!;", "!)", "!,", "<any>", ": any", "@ts-"} {
			if strings.Contains(code, cast) {
				t.Errorf("example.ts:%d uses %q: the types should need no cast", i+1, strings.TrimSpace(cast))
			}
		}
	}

	w := newWritable(t)
	live := liveServer(t, w.srv)
	cmd := command("node", "dist/example.js")
	cmd.Env = append(os.Environ(), "BYREGION_URL="+live.URL, "BYREGION_KEY="+w.write)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the example: %v\n%s", err, out)
	}
	for _, want := range []string{"Tromsøregionen (tromsoregionen)", "1902 is today 5501 Tromsø", "22 figures for 5501",
		"404 application/problem+json", "the same If-Match again: 412"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the example's output lacks %q:\n%s", want, out)
		}
	}
}
