package contacts

import (
	"bufio"
	"encoding/csv"
	"errors"
	"io"
	"strings"
)

// csvLayout says which columns of a CSV export hold what: Google Contacts
// ("Name" or "First Name"/"Last Name", "Phone 1 - Type"/"Phone 1 - Label"
// with "Phone 1 - Value", several numbers joined by " ::: "), Outlook
// ("First Name", "Last Name", "Business Phone", "Mobile Phone", ...) and a
// plain "name,number".
type csvLayout struct {
	name                []int // a full name column, in order of preference
	first, middle, last int   // -1 = none
	org                 int
	numbers             []csvNumber
}

type csvNumber struct {
	col     int
	kind    Kind
	typeCol int // Google: the column naming this value's kind; -1 = none
}

func newCSVLayout(header []string) (csvLayout, bool) {
	l := csvLayout{first: -1, middle: -1, last: -1, org: -1}
	typeCols := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		if p, ok := strings.CutSuffix(h, " - type"); ok {
			typeCols[p] = i
		} else if p, ok := strings.CutSuffix(h, " - label"); ok {
			typeCols[p] = i
		}
	}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		switch h {
		case "name", "display name", "full name", "fn", "имя", "контакт", "фио":
			l.name = append(l.name, i)
			continue
		case "first name", "given name", "имя (first)":
			l.first = i
			continue
		case "middle name", "additional name":
			l.middle = i
			continue
		case "last name", "family name", "фамилия":
			l.last = i
			continue
		case "company", "organization", "organization 1 - name", "организация":
			l.org = i
			continue
		}
		if strings.HasSuffix(h, " - type") || strings.HasSuffix(h, " - label") {
			continue
		}
		if p, ok := strings.CutSuffix(h, " - value"); ok {
			if !strings.Contains(p, "phone") {
				continue
			}
			tc, has := typeCols[p]
			if !has {
				tc = -1
			}
			l.numbers = append(l.numbers, csvNumber{col: i, kind: KindOther, typeCol: tc})
			continue
		}
		if isNumberHeader(h) {
			l.numbers = append(l.numbers, csvNumber{col: i, kind: headerKind(h), typeCol: -1})
		}
	}
	hasName := len(l.name) > 0 || l.first >= 0 || l.last >= 0 || l.org >= 0
	return l, hasName && len(l.numbers) > 0
}

func isNumberHeader(h string) bool {
	if strings.Contains(h, "fax") && !strings.Contains(h, "phone") {
		return false
	}
	for _, w := range []string{"phone", "number", "mobile", "tel", "телефон", "номер", "мобильный"} {
		if strings.Contains(h, w) {
			return true
		}
	}
	return false
}

func headerKind(h string) Kind {
	switch {
	case strings.Contains(h, "mobile"), strings.Contains(h, "cell"), strings.Contains(h, "мобил"):
		return KindMobile
	case strings.Contains(h, "fax"):
		return KindFax
	case strings.Contains(h, "business"), strings.Contains(h, "work"), strings.Contains(h, "company"), strings.Contains(h, "рабоч"):
		return KindWork
	case strings.Contains(h, "home"), strings.Contains(h, "домаш"):
		return KindHome
	}
	return KindOther
}

func (l csvLayout) contact(rec []string) Contact {
	get := func(i int) string {
		if i < 0 || i >= len(rec) {
			return ""
		}
		return strings.TrimSpace(rec[i])
	}
	var c Contact
	for _, i := range l.name {
		if c.Name = get(i); c.Name != "" {
			break
		}
	}
	if c.Name == "" {
		c.Name = strings.Join(strings.Fields(get(l.first)+" "+get(l.middle)+" "+get(l.last)), " ")
	}
	if c.Name == "" {
		c.Name = get(l.org)
	}
	for _, n := range l.numbers {
		v := get(n.col)
		if v == "" {
			continue
		}
		kind := n.kind
		if n.typeCol >= 0 {
			kind = headerKind(strings.ToLower(get(n.typeCol)))
		}
		for _, part := range strings.Split(v, ":::") {
			if part = strings.TrimSpace(part); part != "" {
				c.Phones = append(c.Phones, Phone{Number: part, Kind: kind})
			}
		}
	}
	return c
}

// errCSVHeader: the first row names no name and no number column.
var errCSVHeader = errors.New("the first row of the CSV file does not name a name column and a phone column (e.g. name,number)")

// readCSV adds the rows of a CSV file with a header row. A row that cannot
// be read, or holds no name or no number, is skipped and named in the
// warnings; the rest loads. Commas or semicolons separate the fields.
func readCSV(r io.Reader, bl *Builder, w *Warnings, file string) error {
	br := bufio.NewReaderSize(r, 64<<10)
	if b, err := br.Peek(3); err == nil && string(b) == "\xef\xbb\xbf" {
		br.Discard(3) // a BOM (Excel, Outlook)
	}
	first, _ := br.Peek(4096)
	sep := ','
	if line, _, _ := strings.Cut(string(first), "\n"); strings.Count(line, ";") > strings.Count(line, ",") {
		sep = ';'
	}
	cr := csv.NewReader(br)
	cr.Comma = sep
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil
	}
	if err != nil {
		return err
	}
	l, ok := newCSVLayout(header)
	if !ok {
		return errCSVHeader
	}
	cols := len(header)
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			w.add("%s: line %d skipped: %v", file, pe.StartLine, pe.Err)
			continue
		}
		if err != nil {
			return err
		}
		line := 0
		if len(rec) > 0 {
			line, _ = cr.FieldPos(0)
		}
		if len(rec) != cols && !(len(rec) == 1 && rec[0] == "") {
			w.add("%s: line %d skipped: %d fields where the header has %d", file, line, len(rec), cols)
			continue
		}
		c := l.contact(rec)
		if c.Name == "" && len(c.Phones) == 0 {
			continue // an empty row
		}
		if !bl.Add(c) {
			w.add("%s: line %d (%s) skipped: %s", file, line, shownName(c.Name), whySkipped(c))
		}
	}
}
