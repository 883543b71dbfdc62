package store

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/byregion/byregion/internal/domain"
)

// manyRows are n new population figures of Tromsø, one a day from 2050.
func manyRows(n int, source string) []domain.ImportRow {
	rows := make([]domain.ImportRow, n)
	for i := range rows {
		day := time.Date(2050, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i)
		rows[i] = domain.ImportRow{Line: i + 2, Municipality: "5501", ReferenceDate: day.Format(time.DateOnly), Value: float64(i),
			Kind: domain.KindOfficial, Source: source}
	}
	return rows
}

// A large import is staged in turns that other writes come between: a write made while it stages is done
// before the import is.
func TestOtherWritesGoBetweenAnImportsTurns(t *testing.T) {
	t.Parallel()
	s := loadedCopy(t)
	ctx := context.Background()
	rows := manyRows(12*stagedTurn, "ssb-07459")
	imported := make(chan domain.ImportReport)
	go func() {
		report, err := s.ImportObservations(ctx, "test", "population", rows, nil, 0, false)
		if err != nil {
			t.Error(err)
		}
		imported <- report
	}()
	for staged := int64(0); staged == 0; time.Sleep(time.Millisecond) { // the import is staging
		s.db.Model(&stagedRow{}).Count(&staged)
	}
	if _, err := Texts[domain.Goal](s, Goals).Create(ctx, "test", domain.Goal{Region: "tromsoregionen", Text: "Mellom turene",
		Language: "nb", Source: domain.Source{ID: "tromsoregionen-seed"}}, nil); err != nil {
		t.Fatal(err)
	}
	select {
	case <-imported:
		t.Error("the write waited for the whole import")
	default:
	}
	if report := <-imported; !report.Committed || report.Inserted != len(rows) {
		t.Errorf("the import: %+v", report)
	}
	var n int64
	s.db.Model(&populationRow{}).Where("municipality_id = '5501' AND reference_date >= '2050-01-01'").Count(&n)
	if n != int64(len(rows)) {
		t.Errorf("%d of the import's %d figures after it", n, len(rows))
	}
	var left int64
	s.db.Model(&stagedRow{}).Count(&left)
	if left != 0 {
		t.Errorf("%d staged rows left after the import", left)
	}
}

// When the data an import was planned against change while it stages (here, figures written one by one of
// the same kind), it is planned again, and its result is as if it had been alone: every row once, every
// figure written beside it kept, every change logged once.
func TestAnImportPlannedAgainWhenTheDataMove(t *testing.T) {
	t.Parallel()
	s := loadedCopy(t)
	ctx := context.Background()
	rows := manyRows(4*stagedTurn, "ssb-07459")
	var wg sync.WaitGroup
	stop := make(chan struct{})
	written := 0
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			o := domain.PopulationObservation{Subject: domain.Subject{Municipality: &domain.MunicipalityRef{Code: "5532"}},
				ReferenceDate: fmt.Sprintf("%d-01-01", 2100+i), Value: int64(i), Kind: domain.KindOfficial, Source: domain.Source{ID: "ssb-07459"}}
			if _, err := s.Population().Create(ctx, "test", o, nil); err != nil {
				t.Error(err)
				return
			}
			written++
		}
	}()
	report, err := s.ImportObservations(ctx, "test", "population", rows, nil, 0, false)
	close(stop)
	wg.Wait()
	if err != nil || !report.Committed || report.Inserted != len(rows) {
		t.Fatalf("%+v %v", report, err)
	}
	var beside int64
	s.db.Model(&populationRow{}).Where("municipality_id = '5532' AND reference_date >= '2100'").Count(&beside)
	if beside != int64(written) || written == 0 {
		t.Errorf("%d of Balsfjord's figures, %d written beside the import", beside, written)
	}
	var logged int64
	s.db.Model(&changeRow{}).Where("resource = 'population' AND resource_id >= 'population:5501:2050' AND resource_id < 'population:5501:3'").Count(&logged)
	var inTable int64
	s.db.Model(&populationRow{}).Where("id >= 'population:5501:2050' AND id < 'population:5501:3'").Count(&inTable)
	if logged != inTable || inTable != int64(len(rows)) {
		t.Errorf("%d log entries for %d imported rows", logged, inTable)
	}
}

// Rows a killed import staged are never read, and go with the next import's first turn once an hour old.
func TestStagedRowsOfAKilledImport(t *testing.T) {
	t.Parallel()
	s := loadedCopy(t)
	ctx := context.Background()
	old := time.Now().Add(-2 * time.Hour).UTC().Format(time.RFC3339Nano)
	if err := s.db.Create(&stagedRow{ImportID: "killed", N: 0, ID: "population:5501:2060-01-01:ssb-07459", MunicipalityID: ptr("5501"),
		ReferenceDate: "2060-01-01", Value: 1, Kind: "official", SourceID: "ssb-07459", State: "{}", StagedAt: old}).Error; err != nil {
		t.Fatal(err)
	}
	if _, ok := population(t, s, "5501")["population:5501:2060-01-01:ssb-07459"]; ok {
		t.Error("a staged row is read as data")
	}
	if _, err := s.ImportObservations(ctx, "test", "population", manyRows(3, "ssb-07459"), nil, 0, false); err != nil {
		t.Fatal(err)
	}
	var left int64
	s.db.Model(&stagedRow{}).Count(&left)
	if left != 0 {
		t.Errorf("%d staged rows left", left)
	}
}
