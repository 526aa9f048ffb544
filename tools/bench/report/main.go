// Command report reads hyperfine's --export-json files and prints bankctl's ratios against
// their baselines, with the targets of docs/performance.md, as Markdown table rows.
//
//	go run ./tools/bench/report startup.json request.json
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

type result struct {
	Command string  `json:"command"`
	Mean    float64 `json:"mean"`
	Stddev  float64 `json:"stddev"`
}

// check is one ratio: num/den must be at most max (or, with min, at least min).
type check struct {
	name     string
	num, den string // command name prefixes
	max, min float64
}

var checks = []check{
	{name: "start-up: bankctl version / bare cobra+viper", num: "bankctl version", den: "floor version", max: 2},
	{name: "start-up: gh --version / bankctl version", num: "gh --version", den: "bankctl version", min: 5},
	{name: "request: client-info, env token / curl", num: "bankctl-env", den: "curl", max: 1.5},
	{name: "request: client-info, Secret Service token / curl", num: "bankctl-keyring", den: "curl", max: 2},
	{name: "statement 100k, -o jsonl / curl loop", num: "statement jsonl", den: "statement floor", max: 1.5},
	{name: "statement 100k, curl loop + jq / -o jsonl", num: "statement curl+jq", den: "statement jsonl", min: 5},
	{name: "statement 100k, -o csv / -o jsonl", num: "statement csv", den: "statement jsonl", max: 1.5},
	{name: "statement 100k, -o 1c / -o jsonl", num: "statement 1c", den: "statement jsonl", max: 1.5},
	{name: "statement 100k, -o xlsx / -o jsonl", num: "statement xlsx", den: "statement jsonl", max: 3},
}

// limit is an absolute target on a Go benchmark's figure: metric (ns/op, or a custom unit) of
// benchmark, at most max, shown in unit after dividing by scale.
type limit struct {
	name, bench, metric, unit string
	scale, max                float64
}

var limits = []limit{
	{"1,000 payment drafts read and checked", "BenchmarkCheckDrafts", "ns/op", "ms", 1e6, 100},
	{"1,000 payment orders of a 1С file read and checked", "BenchmarkCheckOneC", "ns/op", "ms", 1e6, 100},
	{"1,000 invoices read and checked", "BenchmarkCheckInvoices", "ns/op", "ms", 1e6, 100},
	{"a batch of 1,000 drafts: added per draft over the bank's own time", "BenchmarkBatch", "ms-added/draft", "ms", 1, 2},
	{"the journal's part of it: intent and outcome, each synced", "BenchmarkJournal", "ns/op", "ms", 1e6, 2},
}

func main() {
	means := map[string]result{}
	rss := map[string]float64{}
	bench := map[string]float64{}
	for _, path := range os.Args[1:] {
		if strings.HasSuffix(path, ".txt") {
			readRSS(path, rss)
			continue
		}
		if strings.HasSuffix(path, ".bench") {
			readBench(path, bench)
			continue
		}
		data, err := os.ReadFile(path)
		if err != nil {
			fail(err)
		}
		var doc struct{ Results []result }
		if err := json.Unmarshal(data, &doc); err != nil {
			fail(fmt.Errorf("%s: %w", path, err))
		}
		for _, r := range doc.Results {
			means[r.Command] = r
		}
	}
	find := func(prefix string) (result, bool) {
		for name, r := range means {
			if strings.HasPrefix(name, prefix) {
				return r, true
			}
		}
		return result{}, false
	}
	fmt.Println("| measure | mean | ratio | target | |")
	fmt.Println("|---|---|---|---|---|")
	failed := false
	for _, c := range checks {
		n, ok1 := find(c.num)
		d, ok2 := find(c.den)
		if !ok1 || !ok2 {
			fmt.Printf("| %s | not measured | | | |\n", c.name)
			continue
		}
		ratio := n.Mean / d.Mean
		target, ok := fmt.Sprintf("≤ %.1fx", c.max), ratio <= c.max
		if c.min > 0 {
			target, ok = fmt.Sprintf("≥ %.1fx", c.min), ratio >= c.min
		}
		mark := "met"
		if !ok {
			mark, failed = "MISSED", true
		}
		fmt.Printf("| %s | %.2f ms / %.2f ms | %.2fx | %s | %s |\n", c.name, n.Mean*1000, d.Mean*1000, ratio, target, mark)
	}
	if big, small := rss["rss-100k"], rss["rss-1k"]; big > 0 && small > 0 {
		row := func(name string, v, limit float64) {
			mark := "met"
			if v > limit {
				mark, failed = "MISSED", true
			}
			fmt.Printf("| %s | %.1f MB | | ≤ %.0f MB | %s |\n", name, v, limit, mark)
		}
		row("statement 100k -o jsonl, peak memory (RSS)", big/1024, 40)
		row("statement peak memory, 100k less 1k operations", (big-small)/1024, 10)
	}
	if x := rss["rss-xlsx-100k"]; x > 0 {
		mark := "met"
		if x/1024 > 150 {
			mark, failed = "MISSED", true
		}
		fmt.Printf("| statement 100k -o xlsx, peak memory (RSS) | %.1f MB | | ≤ 150 MB | %s |\n", x/1024, mark)
	}
	for _, l := range limits {
		v, ok := bench[l.bench+" "+l.metric]
		if !ok {
			continue
		}
		v /= l.scale
		mark := "met"
		if v > l.max {
			mark, failed = "MISSED", true
		}
		fmt.Printf("| %s | %.2f %s | | ≤ %.0f %s | %s |\n", l.name, v, l.unit, l.max, l.unit, mark)
	}
	if failed {
		os.Exit(1)
	}
}

// readBench reads `go test -bench` output: each benchmark's figures by "name metric".
func readBench(path string, out map[string]float64) {
	data, err := os.ReadFile(path)
	if err != nil {
		fail(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		f := strings.Fields(line)
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		name := f[0]
		if i := strings.LastIndex(name, "-"); i > 0 {
			name = name[:i]
		}
		for i := 2; i+1 < len(f); i += 2 {
			var v float64
			if _, err := fmt.Sscan(f[i], &v); err == nil {
				out[name+" "+f[i+1]] = v
			}
		}
	}
}

// readRSS reads "name kilobytes" lines (GNU time's %M).
func readRSS(path string, rss map[string]float64) {
	data, err := os.ReadFile(path)
	if err != nil {
		fail(err)
	}
	for _, line := range strings.Split(string(data), "\n") {
		var name string
		var kb float64
		if n, _ := fmt.Sscan(line, &name, &kb); n == 2 {
			rss[name] = kb
		}
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "report:", err)
	os.Exit(2)
}
