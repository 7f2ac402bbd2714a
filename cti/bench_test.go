package cti

import (
	"context"
	"path/filepath"
	"testing"
)

// BenchmarkLineStatusPoll is one poll of the seed's 8-line phone over a
// kept-alive connection: request, decoding, allocations.
func BenchmarkLineStatusPoll(b *testing.B) {
	p := newClFakePhone(b, map[string]clReply{fnLineStatus: {body: seedLineStatus}})
	c := newClTestClient(b, p.srv.URL, nil)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		lines, err := c.LineStatus(ctx)
		if err != nil || len(lines) != 8 {
			b.Fatalf("%d lines, %v", len(lines), err)
		}
	}
}

func BenchmarkNormalize(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := (NumberRules{Prefix: "9", PlusReplacement: "00"}).Normalize("tel:+7-495-123-45-67;ext=12"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHistoryAppendAtBound is an Append to a full history of the
// default bound: each one rewrites the file through cti/atomicfile, line by
// line, so B/op holds no text copy of the whole file.
func BenchmarkHistoryAppendAtBound(b *testing.B) {
	h, err := OpenHistory(filepath.Join(b.TempDir(), "history.jsonl"), DefaultHistoryEntries)
	if err != nil {
		b.Fatal(err)
	}
	for i := 0; i < DefaultHistoryEntries; i++ {
		if err := h.Append(call(i, Answered)); err != nil {
			b.Fatal(err)
		}
	}
	c := call(DefaultHistoryEntries, Missed)
	b.ReportAllocs()
	for b.Loop() {
		if err := h.Append(c); err != nil {
			b.Fatal(err)
		}
	}
}
