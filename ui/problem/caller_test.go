package problem

import "testing"

func TestCaller(t *testing.T) {
	join := func(name, number string) string { return name + " <" + number + ">" }
	for _, tc := range []struct{ name, number, want string }{
		{"Виталик", "203", "Виталик <203>"},
		{"", "203", "203"},
		{"203", "203", "203"}, // the phone knows no name
		{"Reception", "", "Reception"},
		{"", "", ""},
	} {
		if got := Caller(tc.name, tc.number, join); got != tc.want {
			t.Errorf("Caller(%q, %q) = %q, want %q", tc.name, tc.number, got, tc.want)
		}
	}
}
