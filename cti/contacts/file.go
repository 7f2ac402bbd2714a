package contacts

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// FileSource is a vCard (.vcf) or CSV file, read again when its size or
// modification time changes (looked at every two seconds).
type FileSource struct {
	cfg SourceConfig

	mu   sync.Mutex
	seen fileStamp
}

type fileStamp struct {
	size  int64
	mtime time.Time
	ok    bool
}

// Info names the file.
func (f *FileSource) Info() SourceInfo { return info(f.cfg) }

func (f *FileSource) config() SourceConfig { return f.cfg }

// Interval: how often the file is looked at.
func (f *FileSource) Interval() time.Duration { return filePoll }

// Cached is nil: the file is local, Sync reads it at once.
func (f *FileSource) Cached(*Canon) (*Book, error) { return nil, nil }

// Sync reads the file when it changed since the last read.
func (f *FileSource) Sync(ctx context.Context, canon *Canon) (*Book, Warnings, error) {
	path := f.cfg.URL
	st, err := os.Stat(path)
	if err != nil {
		return nil, Warnings{}, &SourceError{Source: f.cfg.DisplayName(), Op: "read", Err: err}
	}
	if !st.Mode().IsRegular() {
		return nil, Warnings{}, &SourceError{Source: f.cfg.DisplayName(), Op: "read", Err: fmt.Errorf("%s is not a regular file", path)}
	}
	stamp := fileStamp{size: st.Size(), mtime: st.ModTime(), ok: true}
	f.mu.Lock()
	same := f.seen == stamp
	f.mu.Unlock()
	if same {
		return nil, Warnings{}, nil
	}
	b, w, err := ReadFile(path, canon)
	if err != nil {
		return nil, w, &SourceError{Source: f.cfg.DisplayName(), Op: "read", Err: err}
	}
	f.mu.Lock()
	f.seen = stamp
	f.mu.Unlock()
	return b, w, nil
}

// ReadFile reads a vCard or CSV file into a Book. The format is told by the
// extension (.vcf, .vcard, .csv), else by the content.
func ReadFile(path string, canon *Canon) (*Book, Warnings, error) {
	var w Warnings
	fh, err := os.Open(path)
	if err != nil {
		return nil, w, err
	}
	defer fh.Close()
	hint := 0
	if st, err := fh.Stat(); err == nil {
		hint = int(min(st.Size()/300, 1<<20)) // a card with a number is a few hundred bytes
	}
	br := bufio.NewReaderSize(fh, 256<<10)
	bl := NewBuilder(canon, hint)
	name := filepath.Base(path)
	if isVCard(path, br) {
		err = readVCards(br, bl, &w, name)
	} else {
		err = readCSV(br, bl, &w, name)
	}
	if err != nil {
		return nil, w, err
	}
	return bl.Book(), w, nil
}

func isVCard(path string, br *bufio.Reader) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".vcf", ".vcard":
		return true
	case ".csv":
		return false
	}
	head, _ := br.Peek(512)
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	return bytes.HasPrefix(bytes.ToUpper(bytes.TrimSpace(head)), []byte("BEGIN:VCARD"))
}
