package store

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/byregion/byregion/internal/domain"
	"github.com/byregion/byregion/internal/query"
)

// Writes take turns: while one holds the database, the next waits, first come first served, and one that
// cannot begin within the queue's wait is refused as busy (never a driver error). Reads go on meanwhile.
func TestWritesWaitTheirTurn(t *testing.T) {
	t.Parallel()
	s := loadedCopy(t)
	ctx := context.Background()
	s.SetWriteWait(200 * time.Millisecond)
	holding, release := make(chan struct{}), make(chan struct{})
	go s.transaction(ctx, func(*gorm.DB) error { close(holding); <-release; return nil })
	<-holding

	var wg sync.WaitGroup
	wg.Add(1)
	var busy error
	go func() {
		defer wg.Done()
		_, busy = Texts[domain.Goal](s, Goals).Create(ctx, "test", domain.Goal{Region: "tromsoregionen", Text: "Vente", Language: "nb", Source: domain.Source{ID: "tromsoregionen-seed"}}, nil)
	}()
	if _, err := s.ListMunicipalities(ctx, parse(t, query.Municipalities, "limit=5")); err != nil { // a read does not wait
		t.Fatalf("a read while a write holds the database: %v", err)
	}
	wg.Wait()
	var de *domain.Error
	if !errors.As(busy, &de) || de.Code != domain.EBUSY {
		t.Fatalf("a write that waited past the queue's wait: %v, want EBUSY", busy)
	}
	if st := s.WriteQueue(); st.Refused != 1 {
		t.Errorf("queue stats %+v", st)
	}

	s.SetWriteWait(5 * time.Second)
	var order []int
	var mu sync.Mutex
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := s.transaction(ctx, func(*gorm.DB) error { mu.Lock(); order = append(order, i); mu.Unlock(); return nil }); err != nil {
				t.Error(err)
			}
		}()
		for s.WriteQueue().Waiting < int64(i+1) { // each in the queue before the next comes
			time.Sleep(time.Millisecond)
		}
	}
	close(release)
	wg.Wait()
	if len(order) != 3 || order[0] != 0 || order[1] != 1 || order[2] != 2 {
		t.Errorf("writes went in the order %v, not as they came", order)
	}
}
