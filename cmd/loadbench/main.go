// Command loadbench measures the server under load, as docs/PERFORMANCE.md reports it:
//
//	go run ./cmd/loadbench [-duration 6s] [-rounds 3] [-connections 64] [-out docs/PERFORMANCE.md]
//
// It builds the server, starts it on the embedded dataset and on a generated scale dataset (scale.go),
// with the answer cache at its default bound and with --cache-bytes 0, and runs wrk against a fixed set of
// answers. In the same run, a bare net/http server in a process of its own sends the very same bytes from
// memory, so that each speed is a ratio to it: the load generator shares the machine's cores with the
// server, and only a ratio measured in one run means anything. It prints req/s, p50 and p99 of each, the
// ratio, the server's time from start to ready, its peak RSS, a region summary's p50 at one connection,
// and the time of one CSV of 100,000 observations.
//
// With -postgres it also measures the embedded dataset on a PostgreSQL database served by two replicas, as
// docs/DEPLOY.md runs them: each replica takes half the connections, and so does each of two bare servers.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/byregion/byregion/internal/store"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "loadbench:", err)
		os.Exit(1)
	}
}

// settings are the benchmark's flags.
type settings struct {
	duration    time.Duration
	rounds      int
	connections int
	out         string
	skipScale   bool
	scaleDB     string
	only        string
	postgres    string
}

func run() error {
	var s settings
	bare := flag.String("bare", "", "internal: serve the answers recorded in this directory as the bare server")
	addr := flag.String("addr", "", "internal: the bare server's address")
	flag.DurationVar(&s.duration, "duration", 6*time.Second, "how long each load run lasts")
	flag.IntVar(&s.rounds, "rounds", 3, "runs of each answer; the table gives their medians")
	flag.IntVar(&s.connections, "connections", 64, "concurrent connections")
	flag.StringVar(&s.out, "out", "", "also write the report to this file")
	flag.BoolVar(&s.skipScale, "skip-scale", false, "measure the embedded dataset only")
	flag.StringVar(&s.only, "only", "", "measure only the answers whose name contains this")
	flag.StringVar(&s.postgres, "postgres", "", "also measure the embedded dataset on this PostgreSQL database (postgres://…, "+
		"empty or holding Byregion's data) with two replicas")
	flag.StringVar(&s.scaleDB, "scale-db", "", "keep the scale dataset's database in this file, and use it if it is there (it takes a minute to build)")
	flag.Parse()
	if *bare != "" {
		return serveBare(*bare, *addr)
	}
	if _, err := exec.LookPath("wrk"); err != nil {
		return errors.New("wrk is not installed; on Debian: apt-get install wrk")
	}
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "byregion-loadbench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)

	r := &report{settings: s}
	r.printf("# Load benchmark\n\nMachine: %s, %d cores, %s. Load generator: %s, %d connections, %d threads, %s per run, "+
		"median of %d runs.\n", machine(), runtime.NumCPU(), goVersion(), wrkVersion(), s.connections, min(s.connections, 2),
		s.duration, s.rounds)
	command := fmt.Sprintf("go run ./cmd/loadbench -duration %s -rounds %d -connections %d", s.duration, s.rounds, s.connections)
	if s.skipScale {
		command += " -skip-scale"
	}
	if s.postgres != "" {
		command += " -postgres " + store.Redacted(s.postgres)
	}
	r.printf("Command: `%s`\n\n", command)

	binary := filepath.Join(dir, "byregion")
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Dir, build.Stdout, build.Stderr = root, os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("build the server: %w", err)
	}
	datasets := []benchDataset{{name: "embedded", db: filepath.Join(dir, "embedded.db"), replicas: 1}}
	if s.postgres != "" {
		datasets = append(datasets, benchDataset{name: "embedded", where: " on PostgreSQL, two replicas", db: s.postgres, replicas: 2})
	}
	if !s.skipScale {
		scale := benchDataset{name: "scale", db: filepath.Join(dir, "scale.db"), scale: true, replicas: 1}
		if s.scaleDB != "" {
			scale.db = s.scaleDB
		}
		if _, err := os.Stat(scale.db); err != nil {
			took, rows, err := buildScale(scale.db)
			if err != nil {
				return fmt.Errorf("build the scale dataset: %w", err)
			}
			r.printf("Scale dataset: %s population observations, %d regions, %s measures, built in %s.\n\n",
				thousands(rows), scaleRegions, thousands(scaleMeasures), took.Round(time.Second))
		}
		datasets = append(datasets, scale)
	}
	for _, ds := range datasets {
		if err := r.measure(binary, ds); err != nil {
			return err
		}
	}
	if s.out != "" {
		return os.WriteFile(s.out, []byte(r.text.String()), 0o644)
	}
	return nil
}

type benchDataset struct {
	name, db string
	where    string // the database, where it is not a SQLite file
	scale    bool
	replicas int // servers on the database, each loaded with its share of the connections
}

// target is one answer under load.
type target struct {
	name, path string
	revalidate bool // send If-None-Match with the answer's ETag: a 304
	// long is for an answer so large that 64 at once take many seconds each (an export): its runs last five
	// times as long, and its speed is read in bytes as well.
	long bool
}

func targets(scale bool) []target {
	ts := []target{
		{name: "single municipality", path: "/api/v1/municipalities/5501"},
		{name: "list of 50 municipalities", path: "/api/v1/municipalities?limit=50"},
		{name: "population series", path: "/api/v1/population?municipality=5501"},
		{name: "region's population sums", path: "/api/v1/regions/tromsoregionen/population"},
		{name: "region summary", path: "/api/v1/regions/tromsoregionen/summary"},
		{name: "304 revalidation", path: "/api/v1/municipalities?limit=50", revalidate: true},
	}
	if scale {
		ts = append(ts, target{name: "CSV of 100,000 observations", path: csvPath, long: true})
	}
	return ts
}

// csvPath selects 100,000 observations of the scale dataset: five years of 56 sources × 357 municipalities.
const csvPath = "/api/v1/population?format=csv&from=2022&to=2026"

func buildScale(db string) (time.Duration, int, error) {
	started := time.Now()
	ds, err := scaleDataset()
	if err != nil {
		return 0, 0, err
	}
	st, err := store.Open(db)
	if err != nil {
		return 0, 0, err
	}
	defer st.Close()
	ctx := context.Background()
	if _, err := st.Migrate(ctx); err != nil {
		return 0, 0, err
	}
	if _, err := st.LoadDataset(ctx, ds); err != nil {
		return 0, 0, err
	}
	return time.Since(started), len(ds.Population), nil
}

// measure runs every target against the server with the cache on and off, and against the bare server;
// with replicas, against as many servers and as many bare servers at once.
func (r *report) measure(binary string, ds benchDataset) error {
	first, err := startServer(binary, ds.db, true) // the first start loads the embedded dataset, if needed
	if err != nil {
		return err
	}
	ts := targets(ds.scale)
	answers, err := record(first.addr, ts)
	first.stop()
	if err != nil {
		return err
	}
	var bares []endpoint
	for range ds.replicas {
		bare, err := startBare(answers)
		if err != nil {
			return err
		}
		defer bare.stop()
		bares = append(bares, endpoint{addr: bare.addr})
	}
	r.printf("## %s dataset%s\n\n", strings.ToUpper(ds.name[:1])+ds.name[1:], ds.where)
	r.printf("| cache | answer | bytes | req/s | p50 | p99 | bare req/s | bare p99 | ratio |\n|---|---|---|---|---|---|---|---|---|\n")
	var notes []string
	if ds.replicas > 1 {
		notes = append(notes, fmt.Sprintf("%d replicas and %d bare servers, each loaded by its own wrk with %d connections at the same "+
			"time: req/s is their sum, p50 and p99 the slower one's", ds.replicas, ds.replicas, r.settings.connections/ds.replicas))
	}
	for _, cache := range []bool{true, false} {
		var servers []*process
		stopAll := func() {
			for _, srv := range servers {
				srv.stop()
			}
		}
		for range ds.replicas {
			srv, err := startServer(binary, ds.db, cache)
			if err != nil {
				stopAll()
				return err
			}
			servers = append(servers, srv)
		}
		label := "on"
		if !cache {
			label = "off"
		}
		notes = append(notes, fmt.Sprintf("cache %s: restart to ready %s", label, servers[0].ready.Round(time.Millisecond)))
		var filled int64
		for _, srv := range servers {
			n, err := fill(srv.addr)
			if err != nil {
				stopAll()
				return err
			}
			filled = max(filled, n)
		}
		notes = append(notes, fmt.Sprintf("cache %s: before the load, %s of distinct answers asked for (every municipality's series as JSON and CSV), "+
			"to fill the cache past its bound", label, megabytes(filled)))
		for _, t := range ts {
			if !strings.Contains(t.name, r.settings.only) {
				continue
			}
			a := answers[t.name]
			var mine []endpoint
			for _, srv := range servers {
				own := a // what this server answers: its links, and so its ETags, name its own address
				if t.revalidate {
					if own.etag, err = etagOf(srv.addr, t.path); err != nil {
						stopAll()
						return err
					}
				}
				mine = append(mine, endpoint{addr: srv.addr, answer: own})
			}
			for i := range bares {
				bares[i].answer = a
			}
			var ours, theirs []result
			for i := 0; i < r.settings.rounds; i++ {
				m, err := r.loadAll(t, mine, r.settings.connections)
				if err != nil {
					stopAll()
					return err
				}
				b, err := r.loadAll(t, bares, r.settings.connections)
				if err != nil {
					stopAll()
					return err
				}
				ours, theirs = append(ours, m), append(theirs, b)
			}
			m, b := median(ours), median(theirs)
			r.printf("| %s | %s | %s | %s | %s | %s | %s | %s | %.2f |\n", label, t.name, thousands(len(a.body)),
				rate(m.rps), ms(m.p50), ms(m.p99), rate(b.rps), ms(b.p99), ratio(t, m, b))
			if t.long {
				notes = append(notes, fmt.Sprintf("cache %s: %s under load: %.1f MB/s against the bare server's %.1f MB/s",
					label, t.name, m.mbps, b.mbps))
			}
		}
		one := target{name: "region summary", path: "/api/v1/regions/tromsoregionen/summary"}
		single, err := r.load(servers[0].addr, one, answers[one.name], 1)
		if err != nil {
			stopAll()
			return err
		}
		notes = append(notes, fmt.Sprintf("cache %s: region summary at one connection p50 %s, p99 %s", label, ms(single.p50), ms(single.p99)))
		if ds.scale {
			took, err := timeOne(servers[0].addr + csvPath)
			if err != nil {
				stopAll()
				return err
			}
			notes = append(notes, fmt.Sprintf("cache %s: one CSV of 100,000 observations (%s) in %s", label,
				thousands(len(answers["CSV of 100,000 observations"].body)), took.Round(time.Millisecond)))
		}
		peak := 0
		for _, srv := range servers {
			peak = max(peak, srv.peakRSS())
		}
		notes = append(notes, fmt.Sprintf("cache %s: server peak RSS %d MB", label, peak/1024))
		stopAll()
	}
	r.printf("\n")
	for _, n := range notes {
		r.printf("- %s\n", n)
	}
	r.printf("\n")
	return nil
}

// fill asks for every municipality's population and area series as JSON and as CSV, eight at a time: far
// more distinct answers than the cache keeps, so that the peak RSS is that of a full cache.
func fill(addr string) (int64, error) {
	resp, err := http.Get("http://" + addr + "/api/v1/municipalities?limit=1000&fields=code")
	if err != nil {
		return 0, err
	}
	var list struct {
		Data []struct{ Code string } `json:"data"`
	}
	err = json.NewDecoder(resp.Body).Decode(&list)
	resp.Body.Close()
	if err != nil {
		return 0, err
	}
	var paths []string
	for _, m := range list.Data {
		for _, series := range []string{"population", "area"} {
			paths = append(paths, "/api/v1/municipalities/"+m.Code+"/"+series, "/api/v1/municipalities/"+m.Code+"/"+series+"?format=csv",
				"/api/v1/population?municipality="+m.Code+"&format=csv")
		}
	}
	var total atomic.Int64
	work := make(chan string)
	errs := make(chan error, 8)
	for i := 0; i < 8; i++ {
		go func() {
			for path := range work {
				resp, err := http.Get("http://" + addr + path)
				if err != nil {
					errs <- err
					return
				}
				n, _ := io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				total.Add(n)
			}
			errs <- nil
		}()
	}
	for _, p := range paths {
		work <- p
	}
	close(work)
	for i := 0; i < 8; i++ {
		if err := <-errs; err != nil {
			return 0, err
		}
	}
	return total.Load(), nil
}

func megabytes(n int64) string { return strconv.FormatFloat(float64(n)/(1<<20), 'f', 0, 64) + " MB" }

// report is the benchmark's output, printed as it goes and kept for -out.
type report struct {
	settings settings
	text     strings.Builder
}

func (r *report) printf(format string, args ...any) {
	fmt.Fprintf(os.Stdout, format, args...)
	fmt.Fprintf(&r.text, format, args...)
}

// etagOf is the ETag a server gives an answer now.
func etagOf(addr, path string) (string, error) {
	resp, err := http.Get("http://" + addr + path)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	return resp.Header.Get("ETag"), nil
}

// recorded is an answer as the server gave it, for the bare server to send.
type recorded struct {
	contentType, etag string
	status            int
	body              []byte
}

// record fetches each target's answer from the server.
func record(addr string, ts []target) (map[string]recorded, error) {
	out := map[string]recorded{}
	for _, t := range ts {
		resp, err := http.Get("http://" + addr + t.path)
		if err != nil {
			return nil, err
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != 200 {
			return nil, fmt.Errorf("GET %s: %d %v", t.path, resp.StatusCode, err)
		}
		a := recorded{contentType: resp.Header.Get("Content-Type"), etag: resp.Header.Get("ETag"), status: 200, body: body}
		if t.revalidate {
			a.status, a.body = http.StatusNotModified, nil
		}
		out[t.name] = a
	}
	return out, nil
}

// timeOne times one request, reading the whole answer: the median of three.
func timeOne(url string) (time.Duration, error) {
	var times []time.Duration
	for i := 0; i < 3; i++ {
		started := time.Now()
		resp, err := http.Get("http://" + url)
		if err != nil {
			return 0, err
		}
		_, err = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if err != nil {
			return 0, err
		}
		times = append(times, time.Since(started))
	}
	slices.Sort(times)
	return times[1], nil
}

func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil || strings.TrimSpace(string(out)) == "" {
		return "", errors.New("run loadbench inside the byregion module")
	}
	return filepath.Dir(strings.TrimSpace(string(out))), nil
}

func machine() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if name, ok := strings.CutPrefix(line, "model name"); ok {
				return strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(name), ":"))
			}
		}
	}
	return runtime.GOARCH
}

func goVersion() string { return runtime.Version() }

// ratio is the server's speed over the bare server's: requests per second, or for an export, of which
// few complete in a run, bytes per second (the headers, a few hundred bytes, are nothing beside its body).
func ratio(t target, server, bare result) float64 {
	if t.long {
		return server.mbps / bare.mbps
	}
	return server.rps / bare.rps
}

// rate writes a request rate, with decimals where it is small.
func rate(rps float64) string {
	if rps < 100 {
		return strconv.FormatFloat(rps, 'f', 2, 64)
	}
	return thousands(int(rps))
}

func ms(d time.Duration) string {
	return strconv.FormatFloat(float64(d.Microseconds())/1000, 'f', 2, 64) + " ms"
}

func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
