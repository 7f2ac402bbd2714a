package contacts

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"mime/quotedprintable"
	"strings"
)

// scanVCards reads vCard files (2.1, 3.0, 4.0) for the fields a directory
// needs: FN, N, ORG, TEL with its TYPE, REV. It is hand-written because a
// full decoder (github.com/emersion/go-vcard, still used for CardDAV, whose
// client hands over decoded cards) keeps and unescapes every field of every
// card, photos included: about 3 s for 100,000 cards here, against well under
// one for this scanner, which skips other lines, folded or not, without
// copying them. Handles folded lines, grouped names (item1.TEL), quoted
// parameters, vCard 2.1 bare types (TEL;CELL) and quoted-printable values.
func scanVCards(r io.Reader, w *Warnings, add func(Contact), name string) error {
	br := bufio.NewReaderSize(r, 64<<10)
	var s vscan
	s.w, s.add, s.name = w, add, name
	for {
		chunk, err := br.ReadSlice('\n')
		full := errors.Is(err, bufio.ErrBufferFull)
		if err != nil && !full && !errors.Is(err, io.EOF) {
			return err
		}
		if len(chunk) > 0 {
			s.physical(chunk, s.partial)
			s.partial = full
		}
		if errors.Is(err, io.EOF) {
			s.flush()
			if s.in {
				s.w.add("%s: card %d skipped: no END:VCARD", s.name, s.n)
			}
			return nil
		}
	}
}

type vscan struct {
	w       *Warnings
	add     func(Contact)
	name    string
	cur     []byte // the logical line being collected ("" = none)
	keep    bool   // the current logical line is one we read
	partial bool   // the previous chunk ended without a newline
	qpSoft  bool   // a quoted-printable line ended with '=': the next line continues it

	in    bool
	n     int
	c     Contact
	fn    string
	nPart [3]string // N: family, given, additional
	org   string
}

// physical takes one chunk of a line; cont: it continues the previous chunk.
func (s *vscan) physical(line []byte, cont bool) {
	if cont {
		if s.keep {
			s.cur = append(s.cur, trimEOL(line)...)
		}
		return
	}
	if s.qpSoft && s.keep {
		s.cur = append(s.cur[:len(s.cur)-1], trimEOL(line)...)
		s.qpSoft = bytes.HasSuffix(s.cur, []byte("="))
		return
	}
	if len(line) > 0 && (line[0] == ' ' || line[0] == '\t') {
		if s.keep {
			s.cur = append(s.cur, trimEOL(line[1:])...)
		}
		return
	}
	s.flush()
	s.keep = wanted(line)
	if s.keep {
		s.cur = append(s.cur[:0], trimEOL(line)...)
		s.qpSoft = bytes.HasSuffix(s.cur, []byte("=")) && isQP(s.cur)
	}
}

func isQP(line []byte) bool {
	head := line
	if i := bytes.IndexByte(line, ':'); i >= 0 {
		head = line[:i]
	}
	return bytes.Contains(bytes.ToUpper(head), []byte("QUOTED-PRINTABLE"))
}

func trimEOL(b []byte) []byte {
	return bytes.TrimRight(b, "\r\n")
}

// wanted tells from its name whether a line is one of ours.
func wanted(line []byte) bool {
	end := bytes.IndexAny(line, ";:")
	if end < 0 {
		return false
	}
	name := line[:end]
	if i := bytes.LastIndexByte(name, '.'); i >= 0 {
		name = name[i+1:]
	}
	for _, w := range wantedNames {
		if len(name) == len(w) && bytes.EqualFold(name, w) {
			return true
		}
	}
	return false
}

var wantedNames = [][]byte{[]byte("BEGIN"), []byte("END"), []byte("FN"), []byte("N"), []byte("ORG"), []byte("TEL"), []byte("REV")}

// flush handles the logical line collected so far.
func (s *vscan) flush() {
	if !s.keep || len(s.cur) == 0 {
		s.keep = false
		return
	}
	s.keep, s.qpSoft = false, false
	line := string(s.cur)
	colon := valueStart(line)
	if colon < 0 {
		return
	}
	head, value := line[:colon], line[colon+1:]
	name, params, _ := strings.Cut(head, ";")
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		name = name[i+1:]
	}
	name = strings.ToUpper(name)
	if name == "BEGIN" || name == "END" {
		s.boundary(name, value)
		return
	}
	if !s.in {
		return
	}
	value = decodeValue(value, params)
	switch name {
	case "FN":
		if strings.TrimSpace(s.fn) == "" {
			s.fn = unescapeText(value)
		}
	case "N":
		s.nPart = [3]string{}
		copy(s.nPart[:], splitComponents(value))
	case "ORG":
		if parts := splitComponents(value); len(parts) > 0 {
			s.org = parts[0]
		}
	case "TEL":
		if v := strings.TrimSpace(value); v != "" && len(s.c.Phones) < maxPhones {
			s.c.Phones = append(s.c.Phones, Phone{Number: v, Kind: paramKind(params)})
		}
	case "REV":
		s.c.Updated = parseRev(value)
	}
}

// valueStart is the index of the ':' that ends the name and parameters
// (a ':' inside a quoted parameter value does not count).
func valueStart(line string) int {
	quoted := false
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case '"':
			quoted = !quoted
		case ':':
			if !quoted {
				return i
			}
		}
	}
	return -1
}

// decodeValue undoes ENCODING=QUOTED-PRINTABLE (vCard 2.1).
func decodeValue(v, params string) string {
	if !strings.Contains(strings.ToUpper(params), "QUOTED-PRINTABLE") {
		return v
	}
	b, err := io.ReadAll(quotedprintable.NewReader(strings.NewReader(v)))
	if err != nil {
		return v
	}
	return string(b)
}

// paramKind reads TYPE=cell, TYPE="work,voice", type=HOME;type=VOICE and
// the bare types of vCard 2.1 (TEL;CELL;WORK).
func paramKind(params string) Kind {
	kind := KindOther
	for _, p := range strings.Split(params, ";") {
		k, v, has := strings.Cut(p, "=")
		if has && !strings.EqualFold(strings.TrimSpace(k), "TYPE") {
			continue
		}
		if !has {
			v = k
		}
		for _, t := range strings.Split(strings.Trim(v, `"`), ",") {
			var final bool
			if kind, final = foldKind(kind, t); final {
				return kind
			}
		}
	}
	return kind
}

// unescapeText undoes the vCard escapes \, \; \\ \n.
func unescapeText(v string) string {
	if !strings.Contains(v, `\`) {
		return v
	}
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		if v[i] == '\\' && i+1 < len(v) {
			i++
			switch v[i] {
			case 'n', 'N':
				b.WriteByte(' ')
			default:
				b.WriteByte(v[i])
			}
			continue
		}
		b.WriteByte(v[i])
	}
	return b.String()
}

// splitComponents splits a structured value at unescaped ';'.
func splitComponents(v string) []string {
	var out []string
	start := 0
	for i := 0; i < len(v); i++ {
		switch v[i] {
		case '\\':
			i++
		case ';':
			out = append(out, unescapeText(v[start:i]))
			start = i + 1
		}
	}
	return append(out, unescapeText(v[start:]))
}

// boundary starts or ends a card.
func (s *vscan) boundary(name, value string) {
	if !strings.EqualFold(strings.TrimSpace(value), "VCARD") {
		return
	}
	if name == "BEGIN" {
		if s.in {
			s.w.add("%s: card %d skipped: no END:VCARD before the next card", s.name, s.n)
		}
		s.in, s.n = true, s.n+1
		s.c, s.fn, s.nPart, s.org = Contact{}, "", [3]string{}, ""
		return
	}
	if !s.in {
		return
	}
	s.in = false
	c := s.c
	c.Name = cardName(s.fn, s.nPart[1], s.nPart[2], s.nPart[0], s.org)
	s.add(c)
}
