package api

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Requests for the same answer at the same time make it once: the others wait and take it. An answer
// that could not be shared (streamed, or failed) leaves each waiting request to make its own.
func TestCoalesceMakesAnAnswerOnce(t *testing.T) {
	for _, c := range []struct {
		name   string
		answer *answer
		want   int32
	}{{"shared", &answer{status: 200, body: []byte("{}")}, 1}, {"streamed", nil, 8}} {
		cache, err := newAnswerCache(1 << 20)
		if err != nil {
			t.Fatal(err)
		}
		var made atomic.Int32
		release := make(chan struct{})
		var wg sync.WaitGroup
		got := make([]*answer, 8)
		for i := range got {
			wg.Add(1)
			go func() {
				defer wg.Done()
				got[i], _ = cache.coalesce(answerID{version: "v", key: answerKey{path: "/"}}, func(func()) (*answer, error) {
					if made.Add(1) == 1 {
						<-release // the first is slow: the others arrive while it makes the answer
					}
					return c.answer, nil
				})
			}()
		}
		time.Sleep(100 * time.Millisecond)
		close(release)
		wg.Wait()
		if made.Load() != c.want {
			t.Errorf("%s: made %d times, want %d", c.name, made.Load(), c.want)
		}
		for _, a := range got {
			if a != c.answer {
				t.Errorf("%s: a request got another answer", c.name)
			}
		}
	}
}

// When the first request starts streaming its answer (an export larger than any kept answer), the others
// do not wait for it to end: they make their own at once.
func TestCoalesceLetsGoWhenStreaming(t *testing.T) {
	cache, err := newAnswerCache(1 << 20)
	if err != nil {
		t.Fatal(err)
	}
	id := answerID{version: "v", key: answerKey{path: "/export"}}
	started, release := make(chan struct{}), make(chan struct{})
	go cache.coalesce(id, func(streaming func()) (*answer, error) {
		streaming()
		close(started)
		<-release // still streaming
		return nil, nil
	})
	<-started
	done := make(chan struct{})
	go func() {
		cache.coalesce(id, func(func()) (*answer, error) { return nil, nil })
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Error("a request waited for another's streamed answer")
	}
	close(release)
}
