package main

import (
	"fmt"
	"os/exec"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Running wrk and reading what it prints.

// endpoint is a server under load and the answer it gives.
type endpoint struct {
	addr   string
	answer recorded
}

// loadAll runs wrk against every endpoint at once, each with its share of the connections: the speeds
// add up, and the latencies are the slowest endpoint's.
func (r *report) loadAll(t target, eps []endpoint, connections int) (result, error) {
	results := make([]result, len(eps))
	errs := make([]error, len(eps))
	done := make(chan struct{})
	for i, ep := range eps {
		go func() {
			results[i], errs[i] = r.load(ep.addr, t, ep.answer, connections/len(eps))
			done <- struct{}{}
		}()
	}
	for range eps {
		<-done
	}
	var sum result
	for i, res := range results {
		if errs[i] != nil {
			return result{}, errs[i]
		}
		sum.rps += res.rps
		sum.mbps += res.mbps
		sum.p50, sum.p99 = max(sum.p50, res.p50), max(sum.p99, res.p99)
	}
	return sum, nil
}

// result is one load run.
type result struct {
	rps, mbps float64
	p50, p99  time.Duration
}

func median(rs []result) result {
	sort.Slice(rs, func(i, j int) bool { return rs[i].rps < rs[j].rps })
	return rs[len(rs)/2]
}

var (
	wrkRPS      = regexp.MustCompile(`Requests/sec:\s+([0-9.]+)`)
	wrkTransfer = regexp.MustCompile(`Transfer/sec:\s+([0-9.]+)(B|KB|MB|GB)`)
	wrkLatency  = regexp.MustCompile(`\s+(50|99)%\s+([0-9.]+)(us|ms|s)`)
	wrkErrors   = regexp.MustCompile(`Non-2xx or 3xx responses: ([0-9]+)|Socket errors: .*`)
)

// load runs wrk against one answer at addr.
func (r *report) load(addr string, t target, a recorded, connections int) (result, error) {
	duration := r.settings.duration
	if t.long {
		duration *= 5
	}
	args := []string{"-t", strconv.Itoa(min(connections, 2)), "-c", strconv.Itoa(connections),
		"-d", duration.String(), "--timeout", "120s", "--latency"}
	if t.revalidate {
		args = append(args, "-H", "If-None-Match: "+a.etag)
	}
	out, err := exec.Command("wrk", append(args, "http://"+addr+t.path)...).CombinedOutput()
	if err != nil {
		return result{}, fmt.Errorf("wrk: %v\n%s", err, out)
	}
	if e := wrkErrors.FindString(string(out)); e != "" && !strings.HasPrefix(e, "Socket errors: connect 0, read 0, write 0, timeout 0") {
		return result{}, fmt.Errorf("wrk against %s%s: %s", addr, t.path, e)
	}
	var res result
	if m := wrkRPS.FindStringSubmatch(string(out)); m != nil {
		res.rps, _ = strconv.ParseFloat(m[1], 64)
	}
	for _, m := range wrkLatency.FindAllStringSubmatch(string(out), -1) {
		v, _ := strconv.ParseFloat(m[2], 64)
		d := time.Duration(v * float64(map[string]time.Duration{"us": time.Microsecond, "ms": time.Millisecond, "s": time.Second}[m[3]]))
		if m[1] == "50" {
			res.p50 = d
		} else {
			res.p99 = d
		}
	}
	if m := wrkTransfer.FindStringSubmatch(string(out)); m != nil {
		v, _ := strconv.ParseFloat(m[1], 64)
		res.mbps = v * map[string]float64{"B": 1.0 / (1 << 20), "KB": 1.0 / (1 << 10), "MB": 1, "GB": 1 << 10}[m[2]]
	}
	if res.rps == 0 && res.mbps == 0 {
		return result{}, fmt.Errorf("no result from wrk:\n%s", out)
	}
	return res, nil
}

func wrkVersion() string {
	out, _ := exec.Command("wrk", "--version").CombinedOutput()
	first, _, _ := strings.Cut(string(out), " [")
	return strings.TrimSpace(first)
}
