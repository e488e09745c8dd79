package web

import (
	"fmt"
	"html/template"
	"strings"
	"time"

	"github.com/copse-dev/copse"
)

// The health page's charts are small SVGs drawn on the server: no script, no inline
// style (the CSP forbids both), colours from classes in copse.css so that dark mode
// and contrast follow the stylesheet. Each is an image with a title and a text
// description that says what it shows, so a screen reader hears the numbers.

const (
	chartW, chartH = 320, 96
	chartPad       = 4
)

// activityChart draws what happened each week of the last 13 as bars, oldest left.
func activityChart(weeks []int, now time.Time, id string) template.HTML {
	most := 1
	for _, n := range weeks {
		most = max(most, n)
	}
	var b strings.Builder
	desc := make([]string, len(weeks))
	barW := float64(chartW-2*chartPad) / float64(max(len(weeks), 1))
	fmt.Fprintf(&b, `<svg class="chart chart-activity" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="%s-title %s-desc">`,
		chartW, chartH+18, chartW, chartH+18, id, id)
	fmt.Fprintf(&b, `<title id="%s-title">Activity each week, last 13 weeks</title>`, id)
	fmt.Fprintf(&b, `<line class="chart-axis" x1="%d" y1="%d" x2="%d" y2="%d"/>`, chartPad, chartH, chartW-chartPad, chartH)
	for i, n := range weeks {
		h := float64(chartH-chartPad) * float64(n) / float64(most)
		x := float64(chartPad) + float64(i)*barW
		start := now.AddDate(0, 0, -7*(len(weeks)-i))
		desc[i] = fmt.Sprintf("week of %s: %d", start.UTC().Format("2 Jan"), n)
		if n > 0 {
			fmt.Fprintf(&b, `<rect class="chart-bar" x="%.1f" y="%.1f" width="%.1f" height="%.1f" rx="2"/>`, x+1.5, float64(chartH)-h, barW-3, h)
		}
	}
	fmt.Fprintf(&b, `<text class="chart-label" x="%d" y="%d">13 weeks ago</text>`, chartPad, chartH+14)
	fmt.Fprintf(&b, `<text class="chart-label" x="%d" y="%d" text-anchor="end">this week</text>`, chartW-chartPad, chartH+14)
	fmt.Fprintf(&b, `<desc id="%s-desc">%s.</desc></svg>`, id, template.HTMLEscapeString(strings.Join(desc, "; ")))
	return template.HTML(b.String())
}

// scoreChart draws the daily score since the first snapshot as a line over a band
// for each verdict; with fewer than two days there is nothing to draw.
func scoreChart(points []copse.HealthPoint, id string) template.HTML {
	if len(points) < 2 {
		return ""
	}
	var b strings.Builder
	first, last := points[0].Day, points[len(points)-1].Day
	span := max(last.Sub(first).Hours(), 1)
	y := func(score int) float64 { return float64(chartPad) + float64(chartH-2*chartPad)*float64(100-score)/100 }
	fmt.Fprintf(&b, `<svg class="chart chart-score" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-labelledby="%s-title %s-desc">`,
		chartW, chartH+18, chartW, chartH+18, id, id)
	fmt.Fprintf(&b, `<title id="%s-title">Health score, day by day</title>`, id)
	for _, band := range []struct {
		class    string
		top, bot int
	}{{"chart-band-thriving", 100, 75}, {"chart-band-attention", 75, 50}, {"chart-band-risk", 50, 0}} {
		fmt.Fprintf(&b, `<rect class="%s" x="%d" y="%.1f" width="%d" height="%.1f"/>`, band.class, chartPad, y(band.top), chartW-2*chartPad, y(band.bot)-y(band.top))
	}
	coords := make([]string, len(points))
	for i, p := range points {
		x := float64(chartPad) + float64(chartW-2*chartPad)*p.Day.Sub(first).Hours()/span
		coords[i] = fmt.Sprintf("%.1f,%.1f", x, y(p.Score))
	}
	fmt.Fprintf(&b, `<polyline class="chart-line" points="%s"/>`, strings.Join(coords, " "))
	fmt.Fprintf(&b, `<text class="chart-label" x="%d" y="%d">%s</text>`, chartPad, chartH+14, first.Format("2 Jan"))
	fmt.Fprintf(&b, `<text class="chart-label" x="%d" y="%d" text-anchor="end">%s</text>`, chartW-chartPad, chartH+14, last.Format("2 Jan"))
	fmt.Fprintf(&b, `<desc id="%s-desc">From %d on %s to %d on %s; the bands are at risk below 50, needs attention from 50, thriving from 75.</desc></svg>`,
		id, points[0].Score, first.Format("2 January"), points[len(points)-1].Score, last.Format("2 January"))
	return template.HTML(b.String())
}

// scoreGauge is the score as a ring, with the number in words beside it for everyone.
func scoreGauge(score int, verdict string) template.HTML {
	const r = 26.0
	circ := 2 * 3.14159265 * r
	return template.HTML(fmt.Sprintf(`<svg class="gauge gauge-%s" viewBox="0 0 64 64" width="64" height="64" aria-hidden="true" focusable="false">`+
		`<circle class="gauge-track" cx="32" cy="32" r="%.0f"/>`+
		`<circle class="gauge-fill" cx="32" cy="32" r="%.0f" stroke-dasharray="%.1f %.1f" transform="rotate(-90 32 32)"/>`+
		`<text class="gauge-text" x="32" y="37" text-anchor="middle">%d</text></svg>`,
		template.HTMLEscapeString(verdict), r, r, circ*float64(score)/100, circ, score))
}
