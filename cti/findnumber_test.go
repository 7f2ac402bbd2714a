package cti

import (
	"errors"
	"slices"
	"testing"
)

func TestFindNumbersInText(t *testing.T) {
	cases := []struct {
		rules NumberRules
		in    string
		want  []FoundNumber
	}{
		{NumberRules{}, "Phone: +1 (555) 010-0199, ext 12",
			[]FoundNumber{{Text: "+1 (555) 010-0199, ext 12", Number: Dialable{"+15550100199"}, Ext: "12"}}},
		{NumberRules{}, "тел. 8 (495) 765-43-21 доб. 204",
			[]FoundNumber{{Text: "8 (495) 765-43-21 доб. 204", Number: Dialable{"84957654321"}, Ext: "204"}}},
		{NumberRules{}, "Ирина Соколова\nОтдел продаж\nтел.: +7 495 765-43-21\nirina@example.com",
			[]FoundNumber{{Text: "+7 495 765-43-21", Number: Dialable{"+74957654321"}}}},
		{NumberRules{}, "Call (+7) 495 765 4321 x9 after 14:05 on 2026-12-03",
			[]FoundNumber{{Text: "(+7) 495 765 4321 x9", Number: Dialable{"+74957654321"}, Ext: "9"}}},
		{NumberRules{}, "Call tel:+1-555-0100;ext=12 today",
			[]FoundNumber{{Text: "+1-555-0100;ext=12", Number: Dialable{"+15550100"}, Ext: "12"}}},
		{NumberRules{}, "Office +1 555 0100, mobile +1 555 0199, office again +1 (555) 0100",
			[]FoundNumber{{Text: "+1 555 0100", Number: Dialable{"+15550100"}}, {Text: "+1 555 0199", Number: Dialable{"+15550199"}}}},
		{NumberRules{}, "тел.8(495)765-43-21", []FoundNumber{{Text: "8(495)765-43-21", Number: Dialable{"84957654321"}}}},
		{NumberRules{}, "Цена 10 000 руб., тел. 8 495 765 43 21", []FoundNumber{{Text: "8 495 765 43 21", Number: Dialable{"84957654321"}}}},
		{NumberRules{}, "ask for 203 at reception", []FoundNumber{{Text: "203", Number: Dialable{"203"}}}},
		// The whole text as one number keeps what Normalize accepts.
		{NumberRules{}, " *72# ", []FoundNumber{{Text: "*72#", Number: Dialable{"*72#"}}}},
		{NumberRules{}, "tel:+1-555-0100;ext=12", []FoundNumber{{Text: "tel:+1-555-0100;ext=12", Number: Dialable{"+15550100"}, Ext: "12"}}},
		{NumberRules{Prefix: "9", PlusReplacement: "8"}, "Tel. +7 (495) 765-43-21",
			[]FoundNumber{{Text: "+7 (495) 765-43-21", Number: Dialable{"9874957654321"}}}},
	}
	for _, tc := range cases {
		got, err := tc.rules.FindNumbers(tc.in)
		if err != nil || !slices.Equal(got, tc.want) {
			t.Errorf("FindNumbers(%q) = %+v, %v; want %+v", tc.in, got, err, tc.want)
		}
	}
}

func TestFindNumbersNone(t *testing.T) {
	for _, in := range []string{
		"Meeting notes: call me", "at 3 pm in room 12", "released 2026-12-03, v1.0.11.79",
		"server 192.168.1.20 is down", "order A12345 and B-777", "lunch 12:30", "on 03.12.2026", "",
		"   \n", "12345X", "order #12345", "build 1.0.11", "Total: $1 500", "Цена 10 000 руб.", "250 kg", "up 15 %",
	} {
		got, err := NumberRules{}.FindNumbers(in)
		var ne *NumberError
		if err == nil || !errors.Is(err, ErrInvalidNumber) || !errors.As(err, &ne) || len(got) != 0 {
			t.Errorf("FindNumbers(%q) = %+v, %v; want a *NumberError", in, got, err)
		}
	}
}

func TestFindOne(t *testing.T) {
	f, err := NumberRules{}.FindOne("Phone: +1 (555) 010-0199, ext 12")
	if err != nil || f.Dialable() != "+15550100199,12" {
		t.Errorf("FindOne = %+v, %v", f, err)
	}
	_, err = NumberRules{}.FindOne("+1 555 0100 or +1 555 0199")
	var several *SeveralNumbersError
	if !errors.As(err, &several) || !errors.Is(err, ErrSeveralNumbers) || len(several.Found) != 2 {
		t.Fatalf("FindOne with two numbers = %v", err)
	}
	if several.Found[0].Number.String() != "+15550100" || several.Found[1].Number.String() != "+15550199" {
		t.Errorf("found %+v", several.Found)
	}
	if _, err := (NumberRules{Prefix: "x"}).FindOne("203"); !errors.Is(err, ErrInvalidConfig) {
		t.Errorf("bad rules: %v", err)
	}
}

// Whatever the text, every number found is dialable and normalizes to
// itself: what the service dials and keeps in the history.
func FuzzFindNumbers(f *testing.F) {
	for _, s := range []string{
		"Phone: +1 (555) 010-0199, ext 12", "тел. 8 (495) 765-43-21 доб. 204", "a 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3",
		"+1 555 0100 or +1 555 0199", "(+7) 495 x", "((((1", "+(1", "1;ext=", "555-0100 доб.", "\u0661\u0662\u0663 456",
	} {
		f.Add(s, "")
		f.Add(s, "9")
	}
	f.Fuzz(func(t *testing.T, text, prefix string) {
		rules := NumberRules{Prefix: prefix}
		found, err := rules.FindNumbers(text)
		if err != nil {
			if !errors.Is(err, ErrInvalidNumber) && !errors.Is(err, ErrInvalidConfig) {
				t.Fatalf("FindNumbers(%q): %v", text, err)
			}
			return
		}
		if len(found) == 0 || len(found) > maxFound {
			t.Fatalf("FindNumbers(%q) found %d numbers", text, len(found))
		}
		for _, n := range found {
			if err := checkDialable(n.Dialable()); err != nil {
				t.Fatalf("FindNumbers(%q) = %+v: %v", text, n, err)
			}
			again, err := rules.Normalize(n.Dialable())
			if err != nil || again.String() != n.Dialable() {
				t.Fatalf("FindNumbers(%q) = %q, normalized again %q, %v", text, n.Dialable(), again, err)
			}
		}
	})
}

// BenchmarkFindNumbers: a hotkey press on a mail signature.
func BenchmarkFindNumbers(b *testing.B) {
	text := "Best regards,\nИрина Соколова\nОтдел продаж, ООО «Пример»\nтел. 8 (495) 765-43-21 доб. 204\nмоб. +7 916 123-45-67\nwww.example.com, 2026-12-03"
	rules := NumberRules{Prefix: "9"}
	for b.Loop() {
		if _, err := rules.FindNumbers(text); err != nil {
			b.Fatal(err)
		}
	}
}
