package contacts

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gxptray/gxptray/cti/testkit"
)

func fileDir(t *testing.T, region string, paths ...string) *Directory {
	t.Helper()
	d := NewDirectory(nil, nil)
	var srcs []Source
	for _, p := range paths {
		s, err := NewSource(SourceConfig{URL: p}, Env{})
		if err != nil {
			t.Fatal(err)
		}
		srcs = append(srcs, s)
	}
	d.Configure(region, srcs)
	for _, st := range d.Load(context.Background(), false) {
		if st.Err != "" {
			t.Fatalf("%s: %s", st.Name, st.Err)
		}
	}
	return d
}

const vcards = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Иван Петров\r\nN:Петров;Иван;;;\r\nTEL;TYPE=WORK,VOICE:8 (495) 765-43-21\r\nTEL;TYPE=CELL:+7 916 123-45-67\r\nREV:2024-01-02T03:04:05Z\r\nEND:VCARD\r\n" +
	"BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Alice\r\n  Smith-Longname\r\nTEL;VALUE=uri;TYPE=\"work,voice\":tel:+1-555-010-0199\r\nTEL;TYPE=home:203\r\nEND:VCARD\r\n" +
	"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:No Number\r\nEND:VCARD\r\n"

func TestVCardLookupAnyFormat(t *testing.T) {
	d := fileDir(t, "RU", testkit.WriteTemp(t, "book.vcf", vcards))
	for _, tc := range []struct{ number, name, kind string }{
		{"8 (495) 765-43-21", "Иван Петров", "work"},
		{"+7 495 765 43 21", "Иван Петров", "work"},
		{"74957654321", "Иван Петров", "work"},
		{"84957654321", "Иван Петров", "work"},
		{"+79161234567", "Иван Петров", "mobile"},
		{"203", "Alice Smith-Longname", "home"},  // folded line joined
		{"9203", "Alice Smith-Longname", "home"}, // a dial prefix
		{"+15550100199", "Alice Smith-Longname", "work"},
		{"7654321", "Иван Петров", "work"}, // without the area code
	} {
		m, ok := d.Lookup(tc.number)
		if !ok || m.Name != tc.name || m.Kind != tc.kind || m.Source != "book.vcf" {
			t.Errorf("Lookup(%q) = %+v, %v; want %s (%s) from book.vcf", tc.number, m, ok, tc.name, tc.kind)
		}
	}
	for _, n := range []string{"74957654322", "204", "+15550100198", "21"} {
		if m, ok := d.Lookup(n); ok {
			t.Errorf("Lookup(%q) = %+v; want no match", n, m)
		}
	}
}

func TestSearchCyrillicLatinCaseInsensitive(t *testing.T) {
	d := fileDir(t, "RU", testkit.WriteTemp(t, "book.vcf", vcards))
	for q, want := range map[string]string{"иван": "Иван Петров", "ПЕТР": "Иван Петров", "alice smith": "Alice Smith-Longname", "ALI": "Alice Smith-Longname", "765": "Иван Петров"} {
		res := d.Search(q, 10)
		if len(res) == 0 || res[0].Name != want {
			t.Errorf("Search(%q) = %+v; want %s first", q, res, want)
		}
	}
	if res := d.Search("иван", 10); len(res) != 2 {
		t.Errorf("Search(иван) = %+v; want both numbers of the contact", res)
	}
	if res := d.Search("nobody", 10); len(res) != 0 {
		t.Errorf("Search(nobody) = %+v", res)
	}
}

func TestCSVLayoutsAndBrokenRow(t *testing.T) {
	google := "Name,Given Name,Family Name,Phone 1 - Type,Phone 1 - Value,Phone 2 - Type,Phone 2 - Value\n" +
		"Olga Ivanova,Olga,Ivanova,Mobile,+7 903 111-22-33 ::: +7 903 111-22-34,Work,8 495 111 22 33\n"
	outlook := "\xef\xbb\xbfFirst Name,Middle Name,Last Name,Business Phone,Mobile Phone,Home Phone\n" +
		"Bob,,Builder,+44 20 7946 0018,,\n"
	plain := "name,number\nCarol,+1 555 010 0111\n\"Broken, \"quote\",+1 555 010 0112\nDave,+1 555 010 0113,extra\nEve,not a number\nFrank,+1 555 010 0114\n"
	dir := t.TempDir()
	var paths []string
	for name, body := range map[string]string{"google.csv": google, "outlook.csv": outlook, "plain.csv": plain} {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(body), 0o600)
		paths = append(paths, p)
	}
	d := NewDirectory(nil, nil)
	var srcs []Source
	for _, p := range paths {
		s, _ := NewSource(SourceConfig{URL: p}, Env{})
		srcs = append(srcs, s)
	}
	d.Configure("RU", srcs)
	sts := d.Load(context.Background(), false)
	for number, name := range map[string]string{"+79031112233": "Olga Ivanova", "+79031112234": "Olga Ivanova", "84951112233": "Olga Ivanova",
		"+442079460018": "Bob Builder", "+15550100111": "Carol", "+1 555 010 0114": "Frank"} {
		if m, ok := d.Lookup(number); !ok || m.Name != name {
			t.Errorf("Lookup(%s) = %+v, %v; want %s", number, m, ok, name)
		}
	}
	if m, ok := d.Lookup("+79031112233"); m.Kind != "mobile" || !ok {
		t.Errorf("Google kind: %+v", m)
	}
	for _, n := range []string{"+15550100112", "+15550100113"} {
		if m, ok := d.Lookup(n); ok {
			t.Errorf("a broken row was loaded: %+v", m)
		}
	}
	var warn []string
	for _, st := range sts {
		if st.Name == "plain.csv" {
			warn = st.Warnings
			if st.Contacts != 2 {
				t.Errorf("plain.csv: %d contacts, want 2 (Carol, Frank)", st.Contacts)
			}
		}
	}
	all := strings.Join(warn, "\n")
	for _, want := range []string{"plain.csv: line 3 skipped", "plain.csv: line 4 skipped: 3 fields", "plain.csv: line 5 (Eve) skipped"} {
		if !strings.Contains(all, want) {
			t.Errorf("warnings %q lack %q", all, want)
		}
	}
}

func TestDuplicatesAcrossSources(t *testing.T) {
	first := testkit.WriteTemp(t, "first.csv", "name,number\nFirst Source,+7 495 000-00-01\n")
	second := testkit.WriteTemp(t, "second.vcf", "BEGIN:VCARD\nVERSION:3.0\nFN:Second Old\nTEL:84950000001\nTEL:84950000002\nREV:20200101T000000Z\nEND:VCARD\n"+
		"BEGIN:VCARD\nVERSION:3.0\nFN:Second New\nTEL:+74950000002\nREV:20240101T000000Z\nEND:VCARD\n")
	d := fileDir(t, "RU", first, second)
	if m, _ := d.Lookup("+74950000001"); m.Name != "First Source" {
		t.Errorf("source order: got %+v", m)
	}
	if m, _ := d.Lookup("+74950000002"); m.Name != "Second New" {
		t.Errorf("most recently updated within a source: got %+v", m)
	}
	d2 := fileDir(t, "RU", second, first)
	if m, _ := d2.Lookup("+74950000001"); m.Name != "Second Old" {
		t.Errorf("reversed source order: got %+v", m)
	}
}

func TestFileReReadOnChange(t *testing.T) {
	p := testkit.WriteTemp(t, "book.csv", "name,number\nOld Name,203\n")
	d := fileDir(t, "RU", p)
	if m, _ := d.Lookup("203"); m.Name != "Old Name" {
		t.Fatalf("got %+v", m)
	}
	os.WriteFile(p, []byte("name,number\nNew Name,203\n"), 0o600)
	os.Chtimes(p, time.Now().Add(time.Minute), time.Now().Add(time.Minute))
	d.SyncNow(context.Background())
	if m, _ := d.Lookup("203"); m.Name != "New Name" {
		t.Fatalf("after the change: %+v", m)
	}
}

func TestLargeVCardFile(t *testing.T) {
	if testing.Short() {
		t.Skip("50 MB file")
	}
	p := filepath.Join(t.TempDir(), "big.vcf")
	f, _ := os.Create(p)
	photo := strings.Repeat("QUJD", 200)
	n := 0
	for size := int64(0); size < 50<<20; n++ {
		k, _ := fmt.Fprintf(f, "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person %d\r\nTEL;TYPE=CELL:+1 555 %07d\r\nPHOTO;ENCODING=b;TYPE=JPEG:%s\r\nEND:VCARD\r\n", n, n, photo)
		size += int64(k)
	}
	f.Close()
	d := fileDir(t, "US", p)
	if d.Len() != n {
		t.Fatalf("loaded %d of %d cards", d.Len(), n)
	}
	last := n - 1
	if m, ok := d.Lookup(fmt.Sprintf("+1555%07d", last)); !ok || m.Name != fmt.Sprintf("Person %d", last) {
		t.Fatalf("last card: %+v", m)
	}
}

func TestParseSpec(t *testing.T) {
	c, err := ParseSpec("carddav:https://alice@dav.example.com/dav/")
	if err != nil || c.KindOf() != KindCardDAV || c.Username != "alice" || c.URL != "https://dav.example.com/dav/" {
		t.Errorf("carddav: %+v %v", c, err)
	}
	if _, err := ParseSpec("carddav:https://alice:secret@dav.example.com/"); err == nil || strings.Contains(err.Error(), "secret") {
		t.Errorf("a password on the command line: %v", err)
	}
	c, err = ParseSpec("ldap://ldap.example.com:389/ou=people,dc=example,dc=org??sub?(objectClass=person)?bindname=cn=reader%2cdc=example%2cdc=org,starttls")
	if err != nil || c.BaseDN != "ou=people,dc=example,dc=org" || c.Filter != "(objectClass=person)" || c.Username != "cn=reader,dc=example,dc=org" || !c.StartTLS || c.URL != "ldap://ldap.example.com:389" {
		t.Errorf("ldap: %+v %v", c, err)
	}
	if _, err := ParseSpec("ldap://ldap.example.com"); err == nil {
		t.Error("an LDAP URL without a base DN was accepted")
	}
}

// The scanner reads what the full decoder reads.
func TestScannerAgreesWithDecoder(t *testing.T) {
	text := vcards + "BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=D0=A1=D0=BC=D0=B8=D1=80=D0=BD=D0=BE=D0=B2;=D0=9F=D1=91=D1=82=D1=80;;;\r\nTEL;CELL;PREF:+7 921 000-00-01\r\nitem1.TEL;type=WORK:+7 812 000-00-02\r\nEND:VCARD\r\n" +
		"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Comma\\, Escaped\r\nPHOTO;ENCODING=b:QUJD\r\n QUJD\r\nTEL:203-1\r\nEND:VCARD\r\n"
	collect := func(read func(string, *Warnings, func(Contact)) error) []Contact {
		var out []Contact
		var w Warnings
		if err := read(text, &w, func(c Contact) { out = append(out, c) }); err != nil {
			t.Fatal(err)
		}
		return out
	}
	scanned := collect(func(s string, w *Warnings, add func(Contact)) error {
		return scanVCards(strings.NewReader(s), w, add, "t")
	})
	decoded := collect(func(s string, w *Warnings, add func(Contact)) error {
		return readVCardsFunc(strings.NewReader(s), w, add, "t")
	})
	// The decoder reads neither quoted-printable nor the bare types of
	// vCard 2.1 (card 4), which old phone exports still write.
	if len(scanned) != 5 || len(decoded) != 5 || fmt.Sprint(scanned[:3], scanned[4]) != fmt.Sprint(decoded[:3], decoded[4]) {
		t.Fatalf("scanner:\n%+v\ndecoder:\n%+v", scanned, decoded)
	}
	if scanned[3].Name != "Пётр Смирнов" || scanned[3].Phones[0].Kind != KindMobile || scanned[3].Phones[1].Kind != KindWork {
		t.Errorf("vCard 2.1 card: %+v", scanned[3])
	}
	if scanned[4].Name != "Comma, Escaped" {
		t.Errorf("escapes: %+v", scanned[4])
	}
}
