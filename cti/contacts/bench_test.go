package contacts

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
)

const benchContacts = 100_000

// writeBenchVCards writes n cards, Russian and Latin names, two numbers
// each in the forms people type.
func writeBenchVCards(tb testing.TB, n int) string {
	tb.Helper()
	p := filepath.Join(tb.TempDir(), "bench.vcf")
	f, err := os.Create(p)
	if err != nil {
		tb.Fatal(err)
	}
	for i := 0; i < n; i++ {
		name := fmt.Sprintf("Contact %d Smith", i)
		if i%2 == 0 {
			name = fmt.Sprintf("Иван %d Петров", i)
		}
		fmt.Fprintf(f, "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:%s\r\nTEL;TYPE=WORK:8 (4%02d) %03d-%02d-%02d\r\nTEL;TYPE=CELL:+7 9%02d %07d\r\nREV:20240101T000000Z\r\nEND:VCARD\r\n",
			name, i%100, i%1000, (i/1000)%100, i%97, i%100, i)
	}
	f.Close()
	return p
}

// BenchmarkLoadVCards100k: reading 100,000 cards from a file (target <= 1 s).
func BenchmarkLoadVCards100k(b *testing.B) {
	p := writeBenchVCards(b, benchContacts)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		book, _, err := ReadFile(p, NewCanon("RU"))
		if err != nil || book.Len() != benchContacts {
			b.Fatalf("%d contacts, %v", book.Len(), err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/load")
}

// BenchmarkLookup100k: one number among 100,000 contacts (target <= 50 µs),
// in another format than stored, plus an extension found by suffix.
func BenchmarkLookup100k(b *testing.B) {
	d := benchDirectory(b)
	numbers := []string{"+7 (945) 001-23-45", "74453451226", "9203"}
	const perOp = 10_000 // lookups per iteration, so that -benchtime 10x measures something
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for j := 0; j < perOp; j++ {
			if _, ok := d.Lookup(numbers[j%len(numbers)]); !ok {
				b.Fatal("not found")
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*perOp)/1000, "µs/lookup")
}

// BenchmarkSearch100k: a name search as typed in the dial pad.
func BenchmarkSearch100k(b *testing.B) {
	d := benchDirectory(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if len(d.Search("петров 4242", 20)) == 0 {
			b.Fatal("no match")
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/1000, "ms/search")
}

func benchDirectory(b *testing.B) *Directory {
	p := writeBenchVCards(b, benchContacts)
	ext := filepath.Join(b.TempDir(), "ext.csv")
	os.WriteFile(ext, []byte("name,number\nReception,203\n"), 0o600)
	d := NewDirectory(nil, nil)
	var srcs []Source
	for _, path := range []string{p, ext} {
		s, _ := NewSource(SourceConfig{URL: path}, Env{})
		srcs = append(srcs, s)
	}
	d.Configure("RU", srcs)
	d.Load(context.Background(), false)
	if m, ok := d.Lookup("+7 945 0012345"); !ok || !strings.Contains(m.Name, "12345") {
		b.Fatalf("lookup: %+v", m)
	}
	return d
}

// BenchmarkMemory100k: what 100,000 loaded contacts keep (target <= 10 MiB
// resident above none): the Go heap in use and the process's resident size,
// each measured after a collection, against the same process before; and,
// as the baseline, the same contacts in the obvious map of structs with
// strings, measured the same way in the same run.
func BenchmarkMemory100k(b *testing.B) {
	p := writeBenchVCards(b, benchContacts)
	for i := 0; i < b.N; i++ {
		heap0, rss0 := memNow()
		book, _, err := ReadFile(p, NewCanon("RU"))
		if err != nil {
			b.Fatal(err)
		}
		heap1, rss1 := memNow()
		runtime.KeepAlive(book)
		book = nil
		heap2, _ := memNow()
		naive := naiveIndex(b, p)
		heap3, _ := memNow()
		runtime.KeepAlive(naive)
		b.ReportMetric(float64(heap1-heap0)/(1<<20), "MiB-heap")
		b.ReportMetric(float64(rss1-rss0)/(1<<20), "MiB-rss")
		b.ReportMetric(float64(heap3-heap2)/(1<<20), "MiB-heap-map-baseline")
		b.ReportMetric(float64(heap1-heap0)/float64(heap3-heap2), "x-of-baseline")
	}
}

// naiveIndex is the baseline: number -> struct of strings.
func naiveIndex(b *testing.B, path string) map[string]naiveContact {
	type rec = naiveContact
	canon := NewCanon("RU")
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	m := map[string]rec{}
	var w Warnings
	_ = readVCardsFunc(f, &w, func(c Contact) {
		for _, ph := range c.Phones {
			m[canon.Key(ph.Number)] = rec{Name: c.Name, Number: ph.Number, Kind: ph.Kind.String(), Source: "bench.vcf", Updated: c.Updated.String()}
		}
	}, "bench.vcf")
	return m
}

type naiveContact struct{ Name, Number, Kind, Source, Updated string }

func memNow() (heap, rss int64) {
	runtime.GC()
	debug.FreeOSMemory()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	heap = int64(ms.HeapInuse)
	if data, err := os.ReadFile("/proc/self/statm"); err == nil {
		f := strings.Fields(string(data))
		if len(f) > 1 {
			pages, _ := strconv.ParseInt(f[1], 10, 64)
			rss = pages * int64(os.Getpagesize())
		}
	}
	return heap, rss
}

// BenchmarkLoadVCards100kGoVCard is the baseline of the load: the same file
// through the full decoder of github.com/emersion/go-vcard.
func BenchmarkLoadVCards100kGoVCard(b *testing.B) {
	p := writeBenchVCards(b, benchContacts)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		f, _ := os.Open(p)
		bl := NewBuilder(NewCanon("RU"), benchContacts)
		var w Warnings
		readVCardsFunc(f, &w, func(c Contact) { bl.Add(c) }, "bench.vcf")
		f.Close()
		if n := bl.Book().Len(); n != benchContacts {
			b.Fatalf("%d contacts", n)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/load")
}
