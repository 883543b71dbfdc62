package api_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// The README's examples are run as a reader would run them, with curl and jq, against a live server on a
// copy of the loaded database (and, for the key they make, the real byregion command on that file). What
// each command prints must match what the README shows after it: a `# ` comment, or the JSON block that
// follows. In shown JSON, … stands for members, items or a value left out. So the examples cannot drift.
func TestReadmeExamples(t *testing.T) {
	t.Parallel()
	for _, tool := range []string{"bash", "curl", "jq"} {
		if _, err := exec.LookPath(tool); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("CI must install %s (.ci/run)", tool)
			}
			t.Skipf("%s is not installed", tool)
		}
	}
	w := newWritable(t)
	live := liveServer(t, w.srv)
	bin := t.TempDir()
	if out, err := exec.Command("go", "build", "-o", filepath.Join(bin, "byregion"), "..").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	host := strings.TrimPrefix(live.URL, "http://")

	blocks := readmeExamples(t)
	if len(blocks) < 6 {
		t.Fatalf("only %d blocks of examples found in the README", len(blocks))
	}
	for _, b := range blocks {
		var script strings.Builder
		for i, c := range b.commands {
			fmt.Fprintf(&script, "echo '@@@ %d'\n%s\n", i, strings.ReplaceAll(c.text, "localhost:8080", host))
		}
		cmd := exec.Command("bash", "-c", script.String())
		cmd.Dir = t.TempDir()
		cmd.Env = append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"), "BYREGION_DB="+w.path)
		out, err := cmd.Output()
		if err != nil {
			t.Errorf("README line %d: %v\n%s", b.line, err, out)
			continue
		}
		outputs := strings.Split(strings.ReplaceAll(string(out), "http://"+host, "http://localhost:8080"), "@@@ ")
		for i, c := range b.commands {
			got := ""
			if i+1 < len(outputs) {
				_, got, _ = strings.Cut(outputs[i+1], "\n")
			}
			if c.want == "" {
				continue
			}
			if err := matchShown(c.want, got); err != nil {
				t.Errorf("README line %d: %s\n  %v\n  shown: %.400s\n  got:   %.400s", c.line, firstLine(c.text), err, c.want, got)
			}
		}
	}
}

// example is one command of the README and what it shows it prints.
type example struct {
	text, want string
	line       int
}

// exampleBlock is a shell block of the README: its commands run in one shell, in order.
type exampleBlock struct {
	line     int
	commands []example
}

// readmeExamples reads the README's shell blocks that call the API, with what each command shows.
func readmeExamples(t *testing.T) []exampleBlock {
	f, err := os.Open("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	var blocks []exampleBlock
	for i := 0; i < len(lines); i++ {
		if lines[i] != "```sh" {
			continue
		}
		b := exampleBlock{line: i + 1}
		i++
		var current *example
		continued := false
		for ; i < len(lines) && lines[i] != "```"; i++ {
			line := lines[i]
			switch {
			case continued:
				current.text += "\n" + line
			case strings.HasPrefix(line, "# ") && current != nil:
				shown := strings.TrimPrefix(line, "# ")
				if at := strings.Index(shown, "   ("); at >= 0 { // a remark beside the output
					shown = shown[:at]
				}
				current.want += strings.TrimRightFunc(shown, unicode.IsSpace) + "\n"
			case strings.TrimSpace(line) != "" && !strings.HasPrefix(line, "#"):
				b.commands = append(b.commands, example{text: line, line: i + 1})
				current = &b.commands[len(b.commands)-1]
			}
			continued = strings.HasSuffix(line, "\\")
		}
		// A JSON block right after the shell block is what its last command prints.
		if i+1 < len(lines) && lines[i+1] == "```json" && len(b.commands) > 0 {
			last := &b.commands[len(b.commands)-1]
			for i += 2; i < len(lines) && lines[i] != "```"; i++ {
				last.want += lines[i] + "\n"
			}
		}
		text := ""
		for _, c := range b.commands {
			text += c.text + "\n"
		}
		// The set-up commands and the docs' own commands are not examples of the API.
		if strings.Contains(text, "curl") && !strings.Contains(text, "go run .\n") && !strings.Contains(text, "go test") {
			blocks = append(blocks, b)
		}
	}
	return blocks
}

func firstLine(s string) string { l, _, _ := strings.Cut(s, "\n"); return l }

// matchShown compares what the README shows with what was printed. Shown JSON is compared as JSON, with
// … standing for what is left out; other lines must each be printed, in order (… in a line matches any
// text).
func matchShown(shown, got string) error {
	trimmed := strings.TrimSpace(shown)
	if strings.HasPrefix(trimmed, "{") || strings.HasPrefix(trimmed, "[") {
		p := &shownParser{s: trimmed}
		want, err := p.value()
		if err != nil {
			return fmt.Errorf("the README's JSON: %v", err)
		}
		var value any
		dec := json.NewDecoder(strings.NewReader(got))
		dec.UseNumber()
		if err := dec.Decode(&value); err != nil {
			return fmt.Errorf("not JSON: %v", err)
		}
		return matchJSON("$", want, value)
	}
	printed := strings.Split(got, "\n")
	for _, line := range strings.Split(strings.TrimRight(shown, "\n"), "\n") {
		found := false
		for len(printed) > 0 && !found {
			found = matchLine(line, strings.TrimRight(printed[0], "\r"))
			printed = printed[1:]
		}
		if !found {
			return fmt.Errorf("%q was not printed", line)
		}
	}
	return nil
}

// matchLine matches a printed line with a shown one, in which … matches any text.
func matchLine(shown, printed string) bool {
	parts := strings.Split(shown, "…")
	if len(parts) == 1 {
		return shown == printed
	}
	if !strings.HasPrefix(printed, parts[0]) {
		return false
	}
	rest := printed[len(parts[0]):]
	for _, p := range parts[1:] {
		at := strings.Index(rest, p)
		if at < 0 {
			return false
		}
		rest = rest[at+len(p):]
	}
	return strings.HasSuffix(printed, parts[len(parts)-1])
}

// elided is what … stands for as a value: anything.
type elided struct{}

// shownObject and shownArray are shown JSON with more left out where more is true.
type shownObject struct {
	members map[string]any
	more    bool
}

type shownArray struct {
	items []any
	more  bool
}

func matchJSON(path string, want, got any) error {
	switch w := want.(type) {
	case elided:
		return nil
	case shownObject:
		g, ok := got.(map[string]any)
		if !ok {
			return fmt.Errorf("%s: shown an object, got %v", path, got)
		}
		for k, v := range w.members {
			gv, ok := g[k]
			if !ok {
				return fmt.Errorf("%s.%s is shown but not answered", path, k)
			}
			if err := matchJSON(path+"."+k, v, gv); err != nil {
				return err
			}
		}
		if !w.more && len(g) != len(w.members) {
			return fmt.Errorf("%s: %d members answered, %d shown with none left out", path, len(g), len(w.members))
		}
		return nil
	case shownArray:
		g, ok := got.([]any)
		if !ok {
			return fmt.Errorf("%s: shown an array, got %v", path, got)
		}
		if len(g) < len(w.items) || (!w.more && len(g) != len(w.items)) {
			return fmt.Errorf("%s: %d items answered, %d shown", path, len(g), len(w.items))
		}
		for i, item := range w.items {
			if err := matchJSON(path+"["+strconv.Itoa(i)+"]", item, g[i]); err != nil {
				return err
			}
		}
		return nil
	case json.Number:
		if g, ok := got.(json.Number); !ok || g.String() != w.String() {
			return fmt.Errorf("%s: shown %s, answered %v", path, w, got)
		}
		return nil
	}
	if !reflect.DeepEqual(want, got) {
		return fmt.Errorf("%s: shown %v, answered %v", path, want, got)
	}
	return nil
}

// shownParser reads JSON in which … may stand for members, items or a value.
type shownParser struct {
	s string
	i int
}

func (p *shownParser) skip() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\n' || p.s[p.i] == '\t' || p.s[p.i] == ',') {
		p.i++
	}
}

func (p *shownParser) ellipsis() bool {
	p.skip()
	if strings.HasPrefix(p.s[p.i:], "…") {
		p.i += len("…")
		return true
	}
	return false
}

func (p *shownParser) value() (any, error) {
	if p.ellipsis() {
		return elided{}, nil
	}
	if p.i >= len(p.s) {
		return nil, fmt.Errorf("ends early")
	}
	switch p.s[p.i] {
	case '{':
		p.i++
		o := shownObject{members: map[string]any{}}
		for {
			if p.ellipsis() {
				o.more = true
				continue
			}
			if p.s[p.i] == '}' {
				p.i++
				return o, nil
			}
			key, err := p.value()
			if err != nil {
				return nil, err
			}
			name, ok := key.(string)
			p.skip()
			if !ok || p.i >= len(p.s) || p.s[p.i] != ':' {
				return nil, fmt.Errorf("a member without a name at %d", p.i)
			}
			p.i++
			if o.members[name], err = p.value(); err != nil {
				return nil, err
			}
		}
	case '[':
		p.i++
		a := shownArray{}
		for {
			if p.ellipsis() {
				a.more = true
				continue
			}
			if p.s[p.i] == ']' {
				p.i++
				return a, nil
			}
			item, err := p.value()
			if err != nil {
				return nil, err
			}
			a.items = append(a.items, item)
		}
	}
	// A string, number, true, false or null: the standard decoder reads one.
	dec := json.NewDecoder(strings.NewReader(p.s[p.i:]))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("at %d: %v", p.i, err)
	}
	p.i += int(dec.InputOffset())
	return v, nil
}
