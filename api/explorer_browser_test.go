package api_test

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The explorer in a real browser: Chromium renders every kind of page, axe-core checks it, and a screenshot
// of each is kept.

// In a real browser: the pages load with no console error, show what they must, pass axe-core's
// accessibility rules where axe-core is installed (npm ci --prefix .ci/axe; CI requires it), and each is
// photographed into the test's temporary folder for a person to look at.
func TestExplorerInABrowser(t *testing.T) {
	t.Parallel()
	ctx, consoleErrors := browser(t)
	live := httptest.NewServer(server)
	defer live.Close()
	axe, err := os.ReadFile("../.ci/axe/node_modules/axe-core/axe.min.js")
	if err != nil && os.Getenv("CI") != "" {
		t.Fatal("CI must install axe-core: npm ci --prefix .ci/axe")
	}
	shots := t.TempDir()
	if keep := os.Getenv("BYREGION_SCREENSHOTS"); keep != "" { // a folder to keep them in, to look at after the test
		shots = keep
	}
	t.Logf("screenshots in %s", shots)
	visit := func(path, name string) {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Navigate(live.URL+path), chromedp.WaitVisible(chromedp.CSS("h1"))); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(80))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(shots, name+".jpg"), shot, 0o600)
		if axe == nil {
			return
		}
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](string(axe)+";true")); err != nil {
			t.Fatal(err)
		}
		violations, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`axe.run(document).then(r => r.violations.map(v =>
			v.id + ": " + v.help + " (" + v.nodes.map(n => n.target.join(" ")).slice(0, 3).join("; ") + ")"))`, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range violations {
			t.Errorf("%s: %s", path, v)
		}
	}
	count := func(selector string) int {
		n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll(`+jsString(selector)+`).length`))
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	pageText := func() string {
		s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("main")))
		if err != nil {
			t.Fatal(err)
		}
		return strings.ReplaceAll(s, "\u00a0", " ")
	}

	visit("/", "home")
	if n := count(`table tbody tr th a[href^="/regioner/"]`); n != 33 {
		t.Errorf("the home page lists %d regions", n)
	}
	visit("/regioner/tromsoregionen", "tromsoregionen")
	if words := pageText(); strings.Count(words, "85 510") < 2 {
		t.Error("Tromsøregionen's page does not show 85 510 beside 85 510")
	}
	if n := count("svg.chart circle"); n < 20 {
		t.Errorf("the chart has %d points", n)
	}
	if n := count(`svg.map a[href^="/kommuner/"]`); n != 5 {
		t.Errorf("the map links %d municipalities", n)
	}
	visit("/regioner/region-namdal", "region-namdal")
	if !strings.Contains(pageText(), "Snåsa") {
		t.Error("Region Namdal's page does not name Snåsa")
	}
	// The pages where the figures carry the most caveats: sums over other territory and estimates, and
	// municipalities whose early figures are sums of their predecessors' or estimates.
	visit("/regioner/narvikregionen", "narvikregionen")
	if n := count("svg.chart circle.hollow"); n < 20 {
		t.Errorf("Narvikregionen's chart draws %d sums as not complete", n)
	}
	visit("/regioner/alesundregionen", "alesundregionen")
	visit("/kommuner/1580", "kommune-1580")
	if n := count("svg.chart circle.hollow"); n < 15 {
		t.Errorf("Haram's chart draws %d figures as estimates", n)
	}
	visit("/kommuner/1103", "kommune-1103")
	if n := count("svg.chart rect.dot"); n < 15 {
		t.Errorf("Stavanger's chart draws %d figures as sums of predecessors'", n)
	}
	visit("/kommuner/1902", "kommune-1902")
	location, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	h1, _ := chromedp.Run(ctx, chromedp.Text(chromedp.CSS("h1")))
	if !strings.HasSuffix(location, "/kommuner/5501") || h1 != "Tromsø" {
		t.Errorf("/kommuner/1902 ends at %s, %q", location, h1)
	}
	if errs := consoleErrors(); len(errs) > 0 {
		t.Errorf("errors in the console: %v", errs)
	}
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(bytes.TrimSpace(b))
}

// ---------------------------------------------------------------------------------------------------------
// The rule the pages hold: where a page shows a figure, it shows every caveat the API gives for it, in
// Norwegian. Each test below reads the API's answers for every region (or every municipality whose figures
// are not all SSB's own) and checks the page against them, so it holds over the real data, not examples.
