package explorer

import (
	"encoding/json"
	"fmt"
	"html/template"
	"math"
	"sort"
	"strings"
)

// A map of municipalities drawn from GeoJSON (Kartverket's boundaries, [lon, lat] in degrees): an
// equirectangular projection with the longitude shortened by the cosine of the middle latitude, which at
// Tromsø's latitude keeps shapes true enough for a map of a region, fitted to the drawing and thinned to
// the points at least a pixel apart. Each municipality is a link to its page.

type geoJSON struct {
	Features []struct {
		Properties struct {
			Kommunenummer string `json:"kommunenummer"`
			Kommunenavn   string `json:"kommunenavn"`
		} `json:"properties"`
		Geometry struct {
			Type        string          `json:"type"`
			Coordinates json.RawMessage `json:"coordinates"`
		} `json:"geometry"`
	} `json:"features"`
}

// area is one municipality on a map: its rings, in degrees.
type area struct {
	code, name string
	rings      [][][2]float64
}

// readMap reads the municipalities of a GeoJSON feature collection.
func readMap(data []byte) ([]area, error) {
	var g geoJSON
	if err := json.Unmarshal(data, &g); err != nil {
		return nil, err
	}
	var out []area
	for _, f := range g.Features {
		a := area{code: f.Properties.Kommunenummer, name: f.Properties.Kommunenavn}
		switch f.Geometry.Type {
		case "Polygon":
			var rings [][][2]float64
			if err := json.Unmarshal(f.Geometry.Coordinates, &rings); err != nil {
				return nil, err
			}
			a.rings = rings
		case "MultiPolygon":
			var polygons [][][][2]float64
			if err := json.Unmarshal(f.Geometry.Coordinates, &polygons); err != nil {
				return nil, err
			}
			for _, p := range polygons {
				a.rings = append(a.rings, p...)
			}
		default:
			return nil, fmt.Errorf("municipality %s: a geometry of type %q", a.code, f.Geometry.Type)
		}
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].code < out[j].code })
	return out, nil
}

// drawMap draws the areas as linked shapes, each labelled at the middle of its largest ring. href gives a
// municipality's page; title and desc describe the map to those who cannot see it.
func drawMap(areas []area, href func(code string) string, title, desc string) template.HTML {
	const w = 640.0
	minLon, maxLon, minLat, maxLat := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, a := range areas {
		for _, r := range a.rings {
			for _, p := range r {
				minLon, maxLon = math.Min(minLon, p[0]), math.Max(maxLon, p[0])
				minLat, maxLat = math.Min(minLat, p[1]), math.Max(maxLat, p[1])
			}
		}
	}
	if math.IsInf(minLon, 0) {
		return ""
	}
	k := math.Cos((minLat + maxLat) / 2 * math.Pi / 180)
	scale := (w - 20) / ((maxLon - minLon) * k)
	h := (maxLat-minLat)*scale + 20
	project := func(p [2]float64) (float64, float64) {
		return 10 + (p[0]-minLon)*k*scale, 10 + (maxLat-p[1])*scale
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="map" viewBox="0 0 %.0f %.0f" role="group" aria-labelledby="map-t map-d" xmlns="http://www.w3.org/2000/svg">`, w, h)
	fmt.Fprintf(&b, `<title id="map-t">%s</title><desc id="map-d">%s</desc>`, esc(title), esc(desc))
	var labels strings.Builder
	for _, a := range areas {
		var d strings.Builder
		largest, largestSize := [4]float64{}, -1.0
		for _, r := range a.rings {
			lastX, lastY := math.Inf(1), math.Inf(1)
			x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
			n := 0
			for i, p := range r {
				x, y := project(p)
				x0, y0, x1, y1 = math.Min(x0, x), math.Min(y0, y), math.Max(x1, x), math.Max(y1, y)
				if i > 0 && i < len(r)-1 && math.Hypot(x-lastX, y-lastY) < 1 {
					continue
				}
				if n == 0 {
					fmt.Fprintf(&d, "M%.1f %.1f", x, y)
				} else {
					fmt.Fprintf(&d, "L%.1f %.1f", x, y)
				}
				lastX, lastY = x, y
				n++
			}
			d.WriteString("Z")
			if size := (x1 - x0) * (y1 - y0); size > largestSize {
				largest, largestSize = [4]float64{x0, y0, x1, y1}, size
			}
		}
		fmt.Fprintf(&b, `<a href="%s"><path class="area" d="%s"><title>%s (%s)</title></path></a>`, esc(href(a.code)), d.String(), esc(a.name), esc(a.code))
		fmt.Fprintf(&labels, `<text class="label" x="%.1f" y="%.1f" text-anchor="middle">%s</text>`,
			(largest[0]+largest[2])/2, (largest[1]+largest[3])/2, esc(a.name))
	}
	b.WriteString(labels.String())
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
