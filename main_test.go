package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"debug/elf"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/moby/buildkit/frontend/dockerfile/parser"

	"github.com/byregion/byregion/internal/store"
	"github.com/byregion/byregion/internal/store/storetest"
	"github.com/byregion/byregion/migrations"
)

// freeAddr returns a loopback address with a port nobody listens on.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// waitReady polls /readyz until it answers 200, giving up early if the server stops (done yields).
func waitReady(t *testing.T, addr string, done <-chan error) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-done:
			t.Fatalf("the server stopped before it was ready: %v", err)
		default:
		}
		resp, err := http.Get("http://" + addr + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("%s/readyz never answered 200", addr)
}

// syncBuffer is a log buffer the server goroutine writes while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// serveOnce runs the real program until it is ready, checks a request, stops it as SIGTERM would, and
// returns its start-up log entry.
func serveOnce(t *testing.T, env map[string]string) map[string]any {
	t.Helper()
	entry, _ := serveOnceLogging(t, env)
	return entry
}

// serveOnceLogging is serveOnce, returning every entry of the log as well.
func serveOnceLogging(t *testing.T, env map[string]string) (map[string]any, []map[string]any) {
	t.Helper()
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	var out syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", addr}, func(k string) string { return env[k] }, &out, &out)
	}()
	waitReady(t, addr, done)
	resp, err := http.Get("http://" + addr + "/api/v1/municipalities/5501")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET municipality: %v %v", resp, err)
	}
	resp.Body.Close()
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run returned %v after shutdown", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("run did not return after shutdown")
	}
	var entry map[string]any
	var all []map[string]any
	sc := bufio.NewScanner(strings.NewReader(out.String()))
	for sc.Scan() {
		var e map[string]any
		if json.Unmarshal(sc.Bytes(), &e) == nil {
			all = append(all, e)
			if e["msg"] == "byregion serving" {
				entry = e
			}
		}
	}
	if entry == nil {
		t.Fatalf("no start-up log entry in:\n%s", out.String())
	}
	if !strings.Contains(out.String(), `"msg":"stopped"`) {
		t.Errorf("no graceful stop logged:\n%s", out.String())
	}
	return entry, all
}

// A figure imported with the import command while the server runs is in the server's answers within a
// second, though the answer before it was kept in the cache.
func TestImportWhileServingIsSeen(t *testing.T) {
	dir := t.TempDir()
	db, file := storetest.New(t), filepath.Join(dir, "figures.csv")
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	var out syncBuffer
	go func() { done <- run(ctx, []string{"serve", "--addr", addr, "--db", db}, os.Getenv, &out, &out) }()
	waitReady(t, addr, done)
	url := "http://" + addr + "/api/v1/population?municipality=5501&from=2031"
	body := func() string {
		resp, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var b bytes.Buffer
		b.ReadFrom(resp.Body)
		return b.String()
	}
	if before := body(); !strings.Contains(before, `"data":[]`) || body() != before {
		t.Fatalf("before the import: %s", before)
	}
	if err := os.WriteFile(file, []byte("municipality,year,value,source\n5501,2031,1,ssb-07459\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var report bytes.Buffer
	if err := run(context.Background(), []string{"import", "--kind", "population", "--db", db, file}, os.Getenv, &report, &report); err != nil {
		t.Fatalf("import: %v %s", err, report.String())
	}
	imported := time.Now()
	for !strings.Contains(body(), "2031-01-01") {
		if time.Since(imported) > time.Second {
			t.Fatalf("the imported figure is not served %v after the import", time.Since(imported))
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Logf("served %v after the import", time.Since(imported).Round(time.Millisecond))
}

// The program starts on an empty database, loads the dataset, shuts down cleanly, and a restart
// finds the dataset loaded and changes nothing.
func TestServeLoadsOnceAndRestarts(t *testing.T) {
	db := storetest.New(t)
	first := serveOnce(t, map[string]string{"BYREGION_DB": db}) // from the environment
	for _, key := range []string{"addr", "db", "schema_version", "dataset", "dataset_checksum"} {
		if first[key] == nil || first[key] == "" {
			t.Errorf("start-up log lacks %s: %v", key, first)
		}
	}
	if first["dataset_loaded_now"] != true || first["db"] != db {
		t.Fatalf("first start: %v", first)
	}
	second := serveOnce(t, map[string]string{"BYREGION_DB": db})
	if second["dataset_loaded_now"] != false || second["dataset_loaded_at"] != first["dataset_loaded_at"] {
		t.Fatalf("restart reloaded the dataset: first %v, second %v", first, second)
	}
}

// A database an earlier build of the dataset loaded is brought up to this build's where no write has
// changed it, at the start, and the warning says so: here Rana without its Sámi name of 2024. The next start
// finds nothing more to bring up to date, and says that.
func TestServeBringsAnEarlierLoadUpToDate(t *testing.T) {
	db := storetest.New(t)
	env := map[string]string{"BYREGION_DB": db}
	serveOnce(t, env)
	driver := "sqlite3"
	if store.IsPostgres(db) {
		driver = "pgx"
	}
	raw, err := sql.Open(driver, db)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for _, stmt := range []string{`UPDATE dataset_loads SET checksum = 'an-earlier-one'`,
		`DELETE FROM municipality_names WHERE municipality_id = '1833' AND name = 'Raane'`} {
		if _, err := raw.Exec(stmt); err != nil {
			t.Fatal(err)
		}
	}
	warned := func(log []map[string]any) map[string]any {
		for _, e := range log {
			if e["level"] == "WARN" && strings.Contains(fmt.Sprint(e["msg"]), "earlier version of the embedded dataset") {
				return e
			}
		}
		t.Fatalf("no warning of an earlier dataset in %v", log)
		return nil
	}
	_, log := serveOnceLogging(t, env)
	if w := warned(log); w["records_brought_up_to_date_now"] != 1.0 || w["database_checksum"] != "an-earlier-one" ||
		!strings.Contains(fmt.Sprint(w["msg"]), "were brought up to date") {
		t.Errorf("the first start after: %v", w)
	}
	var raane int
	if err := raw.QueryRow(`SELECT COUNT(*) FROM municipality_names WHERE municipality_id = '1833' AND name = 'Raane' AND language = 'smi'`).Scan(&raane); err != nil || raane != 1 {
		t.Errorf("Rana's Sámi name after the start: %d %v", raane, err)
	}
	// The upgrade is recorded: the next start finds this build and reads nothing more.
	_, log = serveOnceLogging(t, env)
	for _, e := range log {
		if e["level"] == "WARN" {
			t.Errorf("the next start warns: %v", e)
		}
	}
}

// DATABASE_URL names the database when BYREGION_DB does not, and a password in it is not logged.
func TestDatabaseURLWithAPasswordIsNotLogged(t *testing.T) {
	db := storetest.New(t)
	const password = "not-for-the-log"
	if store.IsPostgres(db) { // the test server trusts local connections: any password will do
		db = strings.Replace(db, "://postgres@", "://postgres:"+password+"@", 1)
	}
	entry := serveOnce(t, map[string]string{"DATABASE_URL": db})
	logged := fmt.Sprint(entry["db"])
	if strings.Contains(logged, password) || logged != store.Redacted(db) {
		t.Errorf("the start-up log names the database as %q", logged)
	}
	if store.IsPostgres(db) && !strings.Contains(logged, "xxxxx") {
		t.Errorf("the password is not shown as replaced: %q", logged)
	}
}

func TestCommandLine(t *testing.T) {
	env := func(string) string { return "" }
	var out bytes.Buffer
	if err := run(context.Background(), []string{"--help"}, env, &out, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"serve", "migrate", "healthcheck", "help"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("--help does not mention %s:\n%s", want, out.String())
		}
	}
	out.Reset()
	if err := run(context.Background(), []string{"help", "serve"}, env, &out, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"-addr", "BYREGION_ADDR", ":8080", "-db", "BYREGION_DB", "byregion.db"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("help serve does not mention %s:\n%s", want, out.String())
		}
	}
	var usage usageError
	for _, args := range [][]string{{"--bogus"}, {"serve", "--port", "1"}, {"frobnicate"}, {"migrate", "extra"},
		{"serve", "--cache-bytes", "lots"}, {"serve", "--rate", "fast"}, {"serve", "--trusted-proxies", "10.0.0.0/99"},
		{"serve", "--public-url", "api.example.no"}, {"serve", "--public-url", "ftp://api.example.no"}, {"backup"}, {"restore"}} {
		err := run(context.Background(), args, env, &out, &out)
		if !errors.As(err, &usage) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%v: got %v, want a one-line usage error", args, err)
		}
	}
	// A malformed environment value is refused too, naming the variable: never silently the default.
	for name, value := range map[string]string{"BYREGION_RATE": "abc", "BYREGION_RATE_BURST": "1.5", "BYREGION_CACHE_BYTES": "-1",
		"BYREGION_MAX_BODY": "1X", "BYREGION_REQUIRE_READ_KEY": "yes", "BYREGION_TRUSTED_PROXIES": "proxy.local",
		"BYREGION_PUBLIC_URL": "https://api.example.no?x=1"} {
		err := run(context.Background(), []string{"serve"}, func(k string) string { return map[string]string{name: value}[k] }, &out, &out)
		if !errors.As(err, &usage) || !strings.Contains(err.Error(), name) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s=%s: got %v, want a one-line usage error naming it", name, value, err)
		}
	}
	db := storetest.New(t)
	out.Reset()
	if err := run(context.Background(), []string{"migrate", "--db", db}, env, &out, &out); err != nil {
		t.Fatal(err)
	}
	dialect := "sqlite"
	if store.IsPostgres(db) {
		dialect = "postgres"
	}
	all, err := migrations.For(dialect)
	if err != nil {
		t.Fatal(err)
	}
	files, err := fs.Glob(all, "*.sql")
	if err != nil {
		t.Fatal(err)
	}
	latest := slices.Max(store.GoMigrations()) // the highest number, of a SQL file or a Go migration
	for _, f := range files {
		if n, err := strconv.ParseInt(f[:strings.IndexByte(f, '_')], 10, 64); err == nil {
			latest = max(latest, n)
		}
	}
	if want := fmt.Sprintf("schema version %d", latest); !strings.Contains(out.String(), want) {
		t.Errorf("migrate printed %q, want %q", out.String(), want)
	}
	// Keys: the secret alone on stdout, once; list shows no secret; revoke.
	out.Reset()
	if err := run(context.Background(), []string{"keys", "create", "--name", "cli-test", "--scope", "write", "--db", db}, env, &out, &out); err != nil {
		t.Fatal(err)
	}
	secret := strings.TrimSpace(out.String())
	if !strings.HasPrefix(secret, "byr_") || strings.Contains(secret, "\n") {
		t.Fatalf("keys create printed %q", out.String())
	}
	out.Reset()
	if err := run(context.Background(), []string{"keys", "list", "--db", db}, env, &out, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "cli-test\twrite") || strings.Contains(out.String(), secret[4:]) {
		t.Errorf("keys list: %q", out.String())
	}
	if err := run(context.Background(), []string{"keys", "revoke", "cli-test", "--db", db}, env, &out, &out); err != nil {
		t.Fatal(err)
	}
	if err := run(context.Background(), []string{"keys", "revoke", "cli-test", "--db", db}, env, &out, &out); err == nil {
		t.Error("revoking a revoked key succeeded")
	}
	if err := run(context.Background(), []string{"keys", "create", "--db", db}, env, &out, &out); !errors.As(err, &usage) {
		t.Errorf("keys create without --name: %v", err)
	}
}

// The Dockerfile's build command, run exactly as written, makes a binary that runs alone: copied into an
// empty directory and started with an empty environment, it serves /readyz. No Docker engine runs here,
// so this is the proof that the final image, which holds only that binary, has what it needs.
func TestDockerfileBinaryRunsAlone(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a static binary from scratch (about two minutes)")
	}
	build, final := dockerfileBuild(t)
	if !strings.Contains(final, "USER 65532") || !strings.Contains(final, "HEALTHCHECK") ||
		!strings.Contains(final, "EXPOSE 8080") || !strings.Contains(final, `VOLUME ["/data"]`) {
		t.Errorf("final stage lacks a non-root user, health check, port or volume:\n%s", final)
	}
	dir := t.TempDir()
	cmd := exec.Command("sh", "-c", build)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s: %v", build, err)
	}
	bin := filepath.Join(dir, "byregion")
	if err := os.Rename("byregion", bin); err != nil {
		t.Fatal(err)
	}
	f, err := elf.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	for _, prog := range f.Progs {
		if prog.Type == elf.PT_INTERP {
			t.Error("the binary is dynamically linked; the scratch image has no libc")
		}
	}
	f.Close()

	addr := freeAddr(t)
	srv := exec.Command(bin, "serve", "--addr", addr)
	srv.Dir, srv.Env = dir, []string{}
	var log bytes.Buffer
	srv.Stdout, srv.Stderr = &log, &log
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- srv.Wait() }()
	defer func() {
		srv.Process.Signal(os.Interrupt)
		<-exited
		if t.Failed() {
			t.Log(log.String())
		}
	}()
	waitReady(t, addr, exited)
	check := exec.Command(bin, "healthcheck", "--addr", addr)
	check.Env = []string{}
	if b, err := check.CombinedOutput(); err != nil {
		t.Errorf("healthcheck: %v %s", err, b)
	}
	bad := exec.Command(bin, "--bogus")
	bad.Env = []string{}
	b, err := bad.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 2 || strings.Count(strings.TrimSpace(string(b)), "\n") != 0 {
		t.Errorf("a bad flag: exit %v, output %q; want status 2 and one line", err, b)
	}
	if _, err := os.Stat(filepath.Join(dir, "byregion.db")); err != nil {
		t.Errorf("the default database was not created in the working directory: %v", err)
	}
}

// dockerfileBuild returns the build stage's go build command and the final stage's instructions.
func dockerfileBuild(t *testing.T) (build, final string) {
	t.Helper()
	f, err := os.Open("Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	res, err := parser.Parse(f)
	if err != nil {
		t.Fatal(err)
	}
	var finalStage []string
	for _, n := range res.AST.Children {
		if strings.EqualFold(n.Value, "from") {
			finalStage = nil
		}
		finalStage = append(finalStage, n.Original)
		if strings.EqualFold(n.Value, "run") && strings.Contains(n.Original, "go build") {
			build = strings.TrimSpace(n.Original[len(n.Value):]) // drop the RUN keyword
		}
	}
	if build == "" {
		t.Fatal("no RUN ... go build in the Dockerfile")
	}
	if !strings.HasSuffix(build, "-o byregion .") {
		t.Fatalf("the build command must write ./byregion: %s", build)
	}
	return build, strings.Join(finalStage, "\n")
}
