package imports

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/byregion/byregion/internal/domain"
)

// A JSON-stat 2.0 dataset as SSB's API gives table 07459: dimensions Region (municipality codes, in older
// downloads "K-5501"), Tid (years: 1 January), ContentsCode (one measure), and perhaps others such as
// Kjonn and Alder, which are summed. A null value is a cell without a figure (SSB writes null for years
// before a municipality existed); it is skipped and counted.

type jsonStatDataset struct {
	Class     string                       `json:"class"`
	ID        []string                     `json:"id"`
	Size      []int                        `json:"size"`
	Dimension map[string]jsonStatDimension `json:"dimension"`
	Value     json.RawMessage              `json:"value"`
}

type jsonStatDimension struct {
	Category struct {
		Index json.RawMessage `json:"index"`
	} `json:"category"`
}

// categories lists a dimension's category ids in index order.
func (d jsonStatDimension) categories(size int) ([]string, error) {
	var list []string
	if json.Unmarshal(d.Category.Index, &list) == nil {
		if len(list) != size {
			return nil, fmt.Errorf("it lists %d categories for a size of %d", len(list), size)
		}
		return list, nil
	}
	var byID map[string]int
	if err := json.Unmarshal(d.Category.Index, &byID); err != nil {
		return nil, errors.New("a category index is neither an array nor an object")
	}
	out := make([]string, size)
	for id, i := range byID {
		if i < 0 || i >= size {
			return nil, fmt.Errorf("category %q has index %d outside the dimension", id, i)
		}
		out[i] = id
	}
	for i, id := range out {
		if id == "" {
			return nil, fmt.Errorf("no category has the index %d", i)
		}
	}
	return out, nil
}

func parseJSONStat(kind string, data []byte, d Defaults) ([]domain.ImportRow, []domain.ImportError, int, error) {
	var ds jsonStatDataset
	if err := json.Unmarshal(data, &ds); err != nil || len(ds.ID) == 0 || len(ds.ID) != len(ds.Size) {
		return nil, nil, 0, errors.New("the JSON is neither an array of rows nor a JSON-stat 2.0 dataset (id, size, dimension, value)")
	}
	total := 1
	cats := make([][]string, len(ds.ID))
	for i, id := range ds.ID {
		dim, ok := ds.Dimension[id]
		if !ok {
			return nil, nil, 0, fmt.Errorf("dimension %q is listed in id but not described", id)
		}
		var err error
		if cats[i], err = dim.categories(ds.Size[i]); err != nil {
			return nil, nil, 0, fmt.Errorf("dimension %q: %w", id, err)
		}
		total *= ds.Size[i]
	}
	region, tid, contents := index(ds.ID, "Region"), index(ds.ID, "Tid"), index(ds.ID, "ContentsCode")
	if region < 0 || tid < 0 {
		return nil, nil, 0, errors.New("the dataset needs the dimensions Region and Tid, as SSB's table 07459 has them")
	}
	if contents >= 0 && ds.Size[contents] != 1 {
		return nil, nil, 0, errors.New("the dataset has several ContentsCode categories; download one measure at a time")
	}
	values, err := cellValues(ds.Value, total)
	if err != nil {
		return nil, nil, 0, err
	}
	// Sum every other dimension (sex, age, ...) into (region, time).
	type key struct{ region, tid string }
	sums := map[key]float64{}
	firstIndex := map[key]int{}
	skipped := 0
	coords := make([]int, len(ds.ID))
	for cell := 0; cell < total; cell++ {
		rest := cell
		for i := len(ds.ID) - 1; i >= 0; i-- {
			coords[i] = rest % ds.Size[i]
			rest /= ds.Size[i]
		}
		k := key{cats[region][coords[region]], cats[tid][coords[tid]]}
		if values[cell] == nil {
			skipped++
			continue
		}
		if _, ok := firstIndex[k]; !ok {
			firstIndex[k] = cell
		}
		sums[k] += *values[cell]
	}
	keys := make([]key, 0, len(sums))
	for k := range sums {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return firstIndex[keys[i]] < firstIndex[keys[j]] })
	var rows []domain.ImportRow
	var errs []domain.ImportError
	for _, k := range keys {
		f := fields{"municipality": strings.TrimPrefix(k.region, "K-"), "year": k.tid,
			"value": strconv.FormatFloat(sums[k], 'f', -1, 64), "kind": string(domain.KindOfficial)}
		r, rowErrs := row(kind, firstIndex[k], f, d)
		if len(rowErrs) > 0 {
			errs = append(errs, rowErrs...)
			continue
		}
		rows = append(rows, r)
	}
	return rows, errs, skipped, nil
}

func index(ids []string, id string) int {
	for i, x := range ids {
		if x == id {
			return i
		}
	}
	return -1
}

// cellValues reads value as a dense array or a sparse object.
func cellValues(raw json.RawMessage, total int) ([]*float64, error) {
	var dense []*float64
	if json.Unmarshal(raw, &dense) == nil {
		if len(dense) != total {
			return nil, fmt.Errorf("value has %d cells; the dimensions' sizes make %d", len(dense), total)
		}
		return dense, nil
	}
	var sparse map[string]*float64
	if err := json.Unmarshal(raw, &sparse); err != nil {
		return nil, errors.New("value is neither an array nor an object of numbers")
	}
	out := make([]*float64, total)
	for k, v := range sparse {
		i, err := strconv.Atoi(k)
		if err != nil || i < 0 || i >= total {
			return nil, fmt.Errorf("value has a cell %q outside the dataset", k)
		}
		out[i] = v
	}
	return out, nil
}
