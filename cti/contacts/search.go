package contacts

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"
)

func (b *Book) match(e entry, source string) Match {
	return Match{Name: b.name(e.contact), Number: e.key.String(), Kind: e.kind.String(), Source: source}
}

// foldName is the form names are compared in: lower case (Latin, Cyrillic
// and every other cased script), ё as е.
func foldName(s string) string {
	return strings.Map(func(r rune) rune {
		r = unicode.ToLower(r)
		if r == 'ё' {
			return 'е'
		}
		return r
	}, s)
}

// foldInto appends the folded form of name to dst.
func foldInto(dst, name []byte) []byte {
	for i := 0; i < len(name); {
		c := name[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			dst = append(dst, c)
			i++
			continue
		}
		r, n := utf8.DecodeRune(name[i:])
		r = unicode.ToLower(r)
		if r == 'ё' {
			r = 'е'
		}
		dst = utf8.AppendRune(dst, r)
		i += n
	}
	return dst
}

// search appends to out the numbers of contacts whose name contains every
// word of q (folded), or, for a query of digits, whose number contains them.
func (b *Book) search(q query, source string, out []Match, limit int) []Match {
	if b == nil {
		return out
	}
	var buf []byte
	if q.digits != "" {
		for _, e := range b.entries {
			if len(out) >= limit {
				break
			}
			if strings.Contains(e.key.digits(), q.digits) {
				out = append(out, b.match(e, source))
			}
		}
		return out
	}
	hit := make(map[uint32]bool)
	for id := range b.people {
		buf = foldInto(buf[:0], b.nameBytes(uint32(id)))
		ok := true
		for _, w := range q.words {
			if !bytes.Contains(buf, w) {
				ok = false
				break
			}
		}
		if ok {
			hit[uint32(id)] = true
		}
	}
	if len(hit) == 0 {
		return out
	}
	for _, e := range b.entries {
		if len(out) >= limit {
			break
		}
		if hit[e.contact] {
			out = append(out, b.match(e, source))
		}
	}
	return out
}

// query is a search as typed: words of a name, or digits of a number.
type query struct {
	words  [][]byte
	digits string
}

func parseQuery(text string) (query, bool) {
	text = strings.TrimSpace(text)
	if text == "" {
		return query{}, false
	}
	isNumber := strings.IndexFunc(text, unicode.IsLetter) < 0
	if isNumber {
		var d strings.Builder
		for _, r := range text {
			if r >= '0' && r <= '9' {
				d.WriteRune(r)
			}
		}
		if d.Len() == 0 {
			return query{}, false
		}
		return query{digits: d.String()}, true
	}
	var q query
	for _, w := range strings.Fields(foldName(text)) {
		q.words = append(q.words, []byte(w))
	}
	return q, len(q.words) > 0
}
