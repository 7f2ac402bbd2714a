package settings

import (
	"slices"
	"testing"
)

func TestWithoutSecrets(t *testing.T) {
	env := []string{"PATH=/bin", "GXPTRAY_PASSCODE=a", "GXPTRAY_CONTACTS_PASSWORD=b", "gxptray_push_token=c",
		"GXPTRAY_PHONE=http://p", "GXPTRAY_CONFIG_DIR=/c", "PASSWORD_STORE_DIR=/x"}
	got := WithoutSecrets(env)
	want := []string{"PATH=/bin", "GXPTRAY_PHONE=http://p", "GXPTRAY_CONFIG_DIR=/c", "PASSWORD_STORE_DIR=/x"}
	if !slices.Equal(got, want) {
		t.Fatalf("WithoutSecrets = %v, want %v", got, want)
	}
}
