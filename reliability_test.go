package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/byregion/byregion/internal/store"
	"github.com/byregion/byregion/internal/store/storetest"
)

// The reliability suite runs the real binary under what an operator fears, and checks what must hold:
//
//   - writers, an import and readers at once for a while: no answer is a 5xx (a write that waits takes its
//     turn; none is refused), and a backup taken meanwhile is sound and serves;
//   - the server killed with SIGKILL in the middle of it: after a restart every acknowledged write is
//     there, in the data and in the changes feed; the import is all there or not at all; a create retried
//     with its Idempotency-Key makes nothing new;
//   - random GETs over every route, with odd and hostile values: no 5xx, no internals in an answer, and no
//     ERROR line in the log.
//
// In CI it runs with bounds that fit (8 s of load, a 20,000-row import, 3,000 random GETs); the full run is
//
//	BYREGION_RELIABILITY=full go test -run TestReliability -v -timeout 15m .
//
// (30 s, a 100,000-row import, 24,000 random GETs). go test -short skips it.
func TestReliability(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary under load for a while")
	}
	load, importRows, randomGETs := 8*time.Second, 20_000, 3_000
	if os.Getenv("BYREGION_RELIABILITY") == "full" {
		load, importRows, randomGETs = 30*time.Second, 100_000, 24_000
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "byregion")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	db := storetest.New(t)
	key := strings.TrimSpace(runBinary(t, bin, "keys", "create", "--db", db, "--name", "load", "--scope", "write"))
	server := startServer(t, bin, db)
	c := &client{t: t, base: "http://" + server.addr, key: key}

	// A source for the import's figures, which are new: each row inserts one observation.
	c.must(http.MethodPost, "/api/v1/sources", "application/json",
		`{"id":"reliability","title":"Reliability test figures","publisher":"byregion tests","licence":"none"}`, 201)
	var csv strings.Builder
	csv.WriteString("municipality,reference_date,value,source\n")
	codes := []string{"5501", "5532", "5536", "5538", "5546", "0301", "4601", "5001", "1103", "3301"}
	for i := 0; i < importRows; i++ {
		day := time.Date(2040, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i/len(codes))
		fmt.Fprintf(&csv, "%s,%s,%d,reliability\n", codes[i%len(codes)], day.Format(time.DateOnly), 1000+i)
	}

	// Load: 8 writers, 4 readers and an import, a backup halfway, and SIGKILL at the end while they write.
	ctx, stop := context.WithTimeout(context.Background(), load)
	defer stop()
	var acknowledged sync.Map // Idempotency-Key → id of a create answered 201
	var serverErrors, writes atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ctx.Err() == nil; i++ {
				idem := fmt.Sprintf("writer-%d-%d", w, i)
				status, body := c.send(ctx, http.MethodPost, "/api/v1/goals", "application/json",
					fmt.Sprintf(`{"region":"tromsoregionen","text":"Mål %d fra skriver %d","source":"tromsoregionen-seed"}`, i, w), idem)
				switch {
				case status == 201:
					var g struct{ ID string }
					json.Unmarshal(body, &g)
					acknowledged.Store(idem, g.ID)
					writes.Add(1)
				case status >= 500:
					serverErrors.Add(1)
					t.Errorf("a write answered %d: %s", status, body)
				case status != 0: // 0: the request did not complete (the kill)
					t.Errorf("a write answered %d: %s", status, body)
				}
			}
		}()
	}
	reads := []string{"/api/v1/regions", "/api/v1/regions/tromsoregionen?include=goals", "/api/v1/population?municipality=5501",
		"/api/v1/changes?limit=100", "/api/v1/goals?region=tromsoregionen&limit=1000", "/api/v1/regions/tromsoregionen/summary"}
	for r := 0; r < 4; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := r; ctx.Err() == nil; i++ {
				if status, body := c.send(ctx, http.MethodGet, reads[i%len(reads)], "", "", ""); status >= 500 {
					serverErrors.Add(1)
					t.Errorf("a read answered %d: %.200s", status, body)
				}
			}
		}()
	}
	var imported atomic.Int64 // 1 once the import is acknowledged
	wg.Add(1)
	go func() {
		defer wg.Done()
		status, body := c.send(ctx, http.MethodPost, "/api/v1/imports?kind=population", "text/csv", csv.String(), "")
		switch {
		case status == 200:
			imported.Store(1)
		case status != 0:
			t.Errorf("the import answered %d: %.300s", status, body)
		}
	}()
	time.Sleep(load / 2)
	// A backup is SQLite's to take (PostgreSQL has pg_dump): on PostgreSQL the flood below goes to the
	// database itself.
	backup := db
	if !store.IsPostgres(db) {
		backup = filepath.Join(dir, "backup.db")
		runBinary(t, bin, "backup", "--db", db, backup)
	}
	<-ctx.Done()
	server.kill()
	wg.Wait()
	if serverErrors.Load() > 0 {
		t.Errorf("%d answers were 5xx", serverErrors.Load())
	}
	t.Logf("%d goals created by 8 writers in %v beside readers and an import of %d rows (acknowledged: %v), then SIGKILL",
		writes.Load(), load, importRows, imported.Load() == 1)

	// After the kill: every acknowledged write is there, the import is whole or absent, retries make nothing.
	server = startServer(t, bin, db)
	c.base = "http://" + server.addr
	have := map[string]bool{}
	for next := "/api/v1/goals?region=tromsoregionen&limit=1000"; next != ""; {
		var page struct {
			Data []struct{ ID string }
			Meta struct{ Next *string }
		}
		json.Unmarshal(c.must(http.MethodGet, next, "", "", 200), &page)
		for _, g := range page.Data {
			have[g.ID] = true
		}
		next = ""
		if page.Meta.Next != nil {
			next = *page.Meta.Next
		}
	}
	logged := map[string]bool{}
	for next := "/api/v1/changes?limit=1000"; ; {
		var feed struct {
			Data []struct{ Resource, ID, Operation string }
			Meta struct{ Cursor string }
		}
		json.Unmarshal(c.must(http.MethodGet, next, "", "", 200), &feed)
		for _, ch := range feed.Data {
			if ch.Resource == "goals" && ch.Operation == "create" {
				logged[ch.ID] = true
			}
		}
		if len(feed.Data) == 0 {
			break
		}
		next = "/api/v1/changes?limit=1000&since=" + feed.Meta.Cursor
	}
	lost := 0
	acknowledged.Range(func(_, id any) bool {
		if !have[id.(string)] || !logged[id.(string)] {
			lost++
		}
		return true
	})
	if lost > 0 {
		t.Errorf("%d of %d acknowledged writes are missing after the restart", lost, writes.Load())
	}
	var count struct{ Meta struct{ Total int } }
	json.Unmarshal(c.must(http.MethodGet, "/api/v1/population?from=2040&count=true&limit=1&municipality="+strings.Join(codes, ","), "", "", 200), &count)
	if n := count.Meta.Total; n != 0 && n != importRows || (imported.Load() == 1 && n != importRows) {
		t.Errorf("after the kill, %d of the import's %d rows are there (acknowledged: %v)", n, importRows, imported.Load() == 1)
	}
	retried := 0
	acknowledged.Range(func(idem, id any) bool {
		var g struct{ ID string }
		status, body := c.send(context.Background(), http.MethodPost, "/api/v1/goals", "application/json",
			`{"region":"tromsoregionen","text":"`+idem.(string)+`","source":"tromsoregionen-seed"}`, idem.(string))
		json.Unmarshal(body, &g)
		if status != 422 && (status != 201 || g.ID != id) { // 422: the same key with another body
			t.Errorf("a retry of %s: %d %s", idem, status, body)
		}
		retried++
		return retried < 20
	})

	// Random GETs: never a 5xx, never an internal in an answer, never an ERROR in the log.
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < randomGETs; i++ {
		path := randomGET(rng)
		status, body := c.send(context.Background(), http.MethodGet, path, "", "", "")
		if status >= 500 || status == 0 {
			t.Fatalf("GET %s: %d %.200s", path, status, body)
		}
		text := bytes.ToLower(requestID.ReplaceAll(body, nil)) // a random id may spell anything
		for _, leak := range []string{"sqlite", "gorm", "goroutine", "panic", ".go:"} {
			if bytes.Contains(text, []byte(leak)) {
				t.Fatalf("GET %s answered with %q in it: %.300s", path, leak, body)
			}
		}
	}
	if strings.Contains(server.log.String(), `"level":"ERROR"`) {
		t.Errorf("ERROR lines in the log after random GETs:\n%s", grepLines(server.log.String(), `"level":"ERROR"`))
	}
	server.stop()

	// The backup serves, here with the default rate limits; one client floods it past them, and the health
	// check still passes.
	backupServer := startServer(t, bin, backup, "--rate", "100", "--rate-burst", "1000")
	bc := &client{t: t, base: "http://" + backupServer.addr}
	bc.must(http.MethodGet, "/api/v1/regions/tromsoregionen", "", "", 200)
	limited := 0
	for i := 0; i < 3000 && limited == 0; i++ {
		if status, _ := bc.send(context.Background(), http.MethodGet, "/api/v1/regions", "", "", ""); status == 429 {
			limited++
		}
	}
	if limited == 0 {
		t.Error("3,000 requests at once never met the rate limit")
	}
	if out, err := exec.Command(bin, "healthcheck", "--addr", backupServer.addr).CombinedOutput(); err != nil {
		t.Errorf("byregion healthcheck while the client is limited: %v %s", err, out)
	}
	backupServer.stop()
}

// requestID is a problem's request id, random letters.
var requestID = regexp.MustCompile(`"request_id":"[A-Za-z0-9]*"`)

// runBinary runs the binary to its end and returns what it printed.
func runBinary(t *testing.T, bin string, args ...string) string {
	t.Helper()
	out, err := exec.Command(bin, args...).Output()
	if err != nil {
		t.Fatalf("byregion %s: %v %s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// process is the binary serving on a free port.
type process struct {
	cmd  *exec.Cmd
	addr string
	log  *syncBuffer
	done chan error
}

// startServer serves the database at db, with no rate limits unless flags say otherwise.
func startServer(t *testing.T, bin, db string, flags ...string) *process {
	t.Helper()
	p := &process{addr: freeAddr(t), log: &syncBuffer{}, done: make(chan error, 1)}
	if len(flags) == 0 {
		flags = []string{"--rate", "0"}
	}
	p.cmd = exec.Command(bin, append([]string{"serve", "--db", db, "--addr", p.addr}, flags...)...)
	p.cmd.Stdout, p.cmd.Stderr = p.log, p.log
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.done <- p.cmd.Wait() }()
	t.Cleanup(func() { p.cmd.Process.Kill() })
	waitReady(t, p.addr, p.done)
	return p
}

func (p *process) kill() { p.cmd.Process.Signal(syscall.SIGKILL); <-p.done }
func (p *process) stop() { p.cmd.Process.Signal(syscall.SIGTERM); <-p.done }

// client sends requests to a running server.
type client struct {
	t         *testing.T
	base, key string
}

// send answers the status and body, or status 0 when the request did not complete.
func (c *client) send(ctx context.Context, method, path, media, body, idem string) (int, []byte) {
	target := path
	if !strings.HasPrefix(path, "http") {
		target = c.base + path
	}
	req, err := http.NewRequestWithContext(ctx, method, target, strings.NewReader(body))
	if err != nil {
		c.t.Errorf("%s %s: %v", method, path, err)
		return 0, nil
	}
	if media != "" {
		req.Header.Set("Content-Type", media)
	}
	if c.key != "" && method != http.MethodGet {
		req.Header.Set("Authorization", "Bearer "+c.key)
	}
	if idem != "" {
		req.Header.Set("Idempotency-Key", idem)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return 0, nil
	}
	return res.StatusCode, b
}

func (c *client) must(method, path, media, body string, want int) []byte {
	c.t.Helper()
	status, b := c.send(context.Background(), method, path, media, body, "")
	if status != want {
		c.t.Fatalf("%s %s: %d, want %d: %.300s", method, path, status, want, b)
	}
	return b
}

// randomGET is a GET of a random route with random parameters: sound, odd and hostile values.
func randomGET(rng *rand.Rand) string {
	paths := []string{"/api/v1/regions", "/api/v1/regions/%s", "/api/v1/regions/%s/population", "/api/v1/regions/%s/goals",
		"/api/v1/regions/%s/quality", "/api/v1/regions/%s/summary", "/api/v1/municipalities", "/api/v1/municipalities/%s",
		"/api/v1/municipalities/%s/history", "/api/v1/municipalities/%s/population", "/api/v1/population", "/api/v1/area",
		"/api/v1/goals", "/api/v1/goals/%s", "/api/v1/measures", "/api/v1/changes", "/api/v1/aggregates/population",
		"/api/v1/quality", "/api/v1/sources/%s", "/api/v1/successions", "/api/v1/population/%s"}
	values := []string{"tromsoregionen", "5501", "1902", "0301", "9999", "x", "", "Tromsø", "-1", "1e309", "%00", "'; DROP TABLE goals;--",
		"aaaa-bbbb", "2015", "2015-02-30", "..", "../..", "\u00c5lesund", "ŋ", "\u202e", strings.Repeat("9", 300), "null", "true",
		"population:5501:2015-01-01:ssb-07459", "tromsoregionen-goal-1", "5005-2019:5007:2020-01-01", "1,2,3", "*", "%ZZ"}
	params := []string{"limit", "cursor", "sort", "fields", "q", "from", "to", "municipality", "region", "county", "format",
		"dialect", "include", "count", "at", "kind", "value", "since", "municipalities", "year", "bogus"}
	pick := func(list []string) string { return list[rng.IntN(len(list))] }
	path := pick(paths)
	if strings.Contains(path, "%s") {
		path = fmt.Sprintf(path, url.PathEscape(pick(values)))
	}
	q := url.Values{}
	for n := rng.IntN(4); n > 0; n-- {
		q.Add(pick(params), pick(values))
	}
	if len(q) > 0 {
		path += "?" + q.Encode()
	}
	return path
}

func grepLines(s, substr string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, substr) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
