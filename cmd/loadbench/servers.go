package main

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// The processes the benchmark starts: the server under test, and the bare server that sends the same bytes.

// process is a server the benchmark started.
type process struct {
	cmd   *exec.Cmd
	addr  string
	ready time.Duration // from start to /readyz 200
}

func startServer(binary, db string, cache bool) (*process, error) {
	args := []string{"serve", "--db", db, "--rate", "0"}
	if !cache {
		args = append(args, "--cache-bytes", "0")
	}
	return start(binary, args, "/readyz")
}

func startBare(answers map[string]recorded) (*process, error) {
	dir, err := os.MkdirTemp("", "byregion-bare")
	if err != nil {
		return nil, err
	}
	var index strings.Builder
	i := 0
	for _, t := range targets(true) {
		a, ok := answers[t.name]
		if !ok || t.revalidate { // a revalidation asks for an answer recorded under its own name
			continue
		}
		i++
		file := filepath.Join(dir, strconv.Itoa(i))
		if err := os.WriteFile(file, a.body, 0o600); err != nil {
			return nil, err
		}
		fmt.Fprintf(&index, "%s\t%s\t%s\t%s\n", t.path, a.contentType, a.etag, file)
	}
	if err := os.WriteFile(filepath.Join(dir, "index"), []byte(index.String()), 0o600); err != nil {
		return nil, err
	}
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	return start(self, []string{"-bare", dir}, "/healthz")
}

// start runs a server on a free loopback port and waits until probe answers 200.
func start(binary string, args []string, probe string) (*process, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(binary, append(args, "--addr", addr)...)
	cmd.Stderr = os.Stderr
	started := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	p := &process{cmd: cmd, addr: addr}
	client := http.Client{Timeout: time.Second}
	for time.Since(started) < 2*time.Minute {
		resp, err := client.Get("http://" + addr + probe)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				p.ready = time.Since(started)
				return p, nil
			}
		}
		time.Sleep(2 * time.Millisecond)
	}
	p.stop()
	return nil, fmt.Errorf("%s %v never became ready", binary, args)
}

func (p *process) stop() {
	p.cmd.Process.Signal(syscall.SIGTERM)
	p.cmd.Wait()
}

// peakRSS is the process's peak resident set in KiB (VmHWM).
func (p *process) peakRSS() int {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", p.cmd.Process.Pid))
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			return n
		}
	}
	return 0
}

// serveBare is the bare server: the recorded answers from memory, with their content type and ETag, and
// 304 where If-None-Match names the ETag. Nothing else.
func serveBare(dir, addr string) error {
	index, err := os.ReadFile(filepath.Join(dir, "index"))
	if err != nil {
		return err
	}
	type answer struct {
		contentType, etag string
		body              []byte
	}
	answers := map[string]answer{}
	for _, line := range strings.Split(strings.TrimSpace(string(index)), "\n") {
		f := strings.Split(line, "\t")
		body, err := os.ReadFile(f[3])
		if err != nil {
			return err
		}
		answers[f[0]] = answer{contentType: f[1], etag: f[2], body: body}
	}
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/healthz" {
			w.WriteHeader(200)
			return
		}
		a, ok := answers[r.URL.RequestURI()]
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("ETag", a.etag)
		if r.Header.Get("If-None-Match") == a.etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", a.contentType)
		w.Header().Set("Content-Length", strconv.Itoa(len(a.body)))
		w.Write(a.body)
	})
	return http.ListenAndServe(addr, handler)
}
