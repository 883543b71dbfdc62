package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/byregion/byregion/internal/store/storetest"
)

// Two replicas of the real binary on one PostgreSQL database, as docs/DEPLOY.md runs them behind a load
// balancer:
//   - started at the same moment on an empty database, they migrate and load the dataset once;
//   - a goal created on one is in the other's answers within a second, though the other had the answer
//     before it in its cache;
//   - 16 PATCHes at once with the same If-Match, half to each, give exactly one 200 (the rest 412);
//   - writes to both at once number the changes feed without a gap, and the feed read from either is the
//     same.
//
// It runs when the tests run against PostgreSQL (storetest); SQLite is one process's database.
func TestTwoReplicasOnOneDatabase(t *testing.T) {
	if !storetest.Postgres() {
		t.Skip("replicas share a PostgreSQL database: set " + storetest.Env)
	}
	if testing.Short() {
		t.Skip("builds the binary and starts two servers")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "byregion")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	db := storetest.New(t)

	// Both at once, on an empty database.
	var replicas [2]*process
	var wg sync.WaitGroup
	for i := range replicas {
		wg.Add(1)
		go func() { defer wg.Done(); replicas[i] = startServer(t, bin, db) }()
	}
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	loadedNow := 0
	for _, r := range replicas {
		if strings.Contains(r.log.String(), `"dataset_loaded_now":true`) {
			loadedNow++
		}
	}
	a, b := replicas[0].addr, replicas[1].addr
	feed := readFeed(t, a)
	datasetLoads := 0
	for _, ch := range feed {
		if ch.Resource == "datasets" {
			datasetLoads++
		}
	}
	if loadedNow != 1 || datasetLoads != 1 {
		t.Fatalf("started together, %d replicas loaded the dataset and the feed has %d loads; want 1 and 1", loadedNow, datasetLoads)
	}

	key := strings.TrimSpace(runBinary(t, bin, "keys", "create", "--db", db, "--name", "replicas", "--scope", "write"))
	send := func(addr, method, path, body string, headers ...string) (int, http.Header, []byte) {
		t.Helper()
		req, err := http.NewRequest(method, "http://"+addr+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+key)
		for i := 0; i+1 < len(headers); i += 2 {
			req.Header.Set(headers[i], headers[i+1])
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, res.Header, b
	}

	// A create on A, seen on B within a second, though B answered the list before and kept it.
	list := "/api/v1/regions/tromsoregionen/goals"
	if status, _, body := send(b, http.MethodGet, list, ""); status != 200 || strings.Contains(string(body), "Felles mål") {
		t.Fatalf("B's list before: %d %.200s", status, body)
	}
	status, _, body := send(a, http.MethodPost, "/api/v1/goals",
		`{"region":"tromsoregionen","text":"Felles mål for to replikaer","source":"tromsoregionen-seed"}`, "Content-Type", "application/json")
	if status != 201 {
		t.Fatalf("POST on A: %d %s", status, body)
	}
	created := time.Now()
	var goal struct{ ID string }
	json.Unmarshal(body, &goal)
	for {
		if _, _, body := send(b, http.MethodGet, list, ""); strings.Contains(string(body), "Felles mål") {
			break
		}
		if time.Since(created) > time.Second {
			t.Fatal("B did not answer with the goal created on A within a second")
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Logf("B answered with A's goal %v after it was created", time.Since(created).Round(time.Millisecond))

	// 16 PATCHes with one If-Match, 8 to each replica: one wins.
	_, header, _ := send(a, http.MethodGet, "/api/v1/goals/"+goal.ID, "")
	etag := header.Get("ETag")
	var mu sync.Mutex
	statuses := map[int]int{}
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			status, _, _ := send(replicas[i%2].addr, http.MethodPatch, "/api/v1/goals/"+goal.ID, fmt.Sprintf(`{"text":"Versjon %d"}`, i),
				"Content-Type", "application/merge-patch+json", "If-Match", etag)
			mu.Lock()
			statuses[status]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	if statuses[200] != 1 || statuses[412] != 15 {
		t.Errorf("16 PATCHes with one If-Match across two replicas answered %v; want one 200 and fifteen 412", statuses)
	}

	// 40 creates at once, 20 to each: the feed numbers every change once, in order, the same from both.
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			status, _, body := send(replicas[i%2].addr, http.MethodPost, "/api/v1/goals",
				fmt.Sprintf(`{"region":"tromsoregionen","text":"Mål nummer %d","source":"tromsoregionen-seed"}`, i), "Content-Type", "application/json")
			if status != 201 {
				t.Errorf("create %d: %d %s", i, status, body)
			}
		}()
	}
	wg.Wait()
	fromA, fromB := readFeed(t, a), readFeed(t, b)
	if len(fromA) != 1+1+1+40 { // the dataset, the goal, its one update, the 40 goals
		t.Errorf("the feed has %d changes, want 43", len(fromA))
	}
	for i, ch := range fromA {
		if ch.Seq != int64(i+1) {
			t.Fatalf("change %d has the number %d: the feed has a gap or is out of order", i+1, ch.Seq)
		}
	}
	if fmt.Sprint(fromA) != fmt.Sprint(fromB) {
		t.Error("the feed read from A differs from the feed read from B")
	}
}

// feedEntry is a change as the feed gives it.
type feedEntry struct {
	Seq                         int64
	Resource, ID, Operation, At string
	Version                     int64
	State                       json.RawMessage
}

// readFeed reads the whole changes feed from a server.
func readFeed(t *testing.T, addr string) []feedEntry {
	t.Helper()
	var all []feedEntry
	for next := "http://" + addr + "/api/v1/changes?limit=7"; ; {
		res, err := http.Get(next)
		if err != nil {
			t.Fatal(err)
		}
		var page struct {
			Data []feedEntry
			Meta struct{ Next string }
		}
		err = json.NewDecoder(res.Body).Decode(&page)
		res.Body.Close()
		if err != nil || res.StatusCode != 200 {
			t.Fatalf("the feed: %d %v", res.StatusCode, err)
		}
		if len(page.Data) == 0 {
			return all
		}
		all = append(all, page.Data...)
		next = page.Meta.Next
	}
}
