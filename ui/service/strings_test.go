package service

import (
	"testing"

	"github.com/gxptray/gxptray/ui/i18n"
)

// Every key the service uses must be in the shared catalog in both languages
// (ui/i18n's own tests check the verbs and the Russian texts).
func TestServiceKeysInCatalog(t *testing.T) {
	keys := []string{msgIncomingCall, msgMissedCall, msgAccept, msgReject, msgCallBack, msgUnknownCaller, msgDialing, msgDialingKeys, msgNoPhone, msgNoPasscode, msgPassOther, msgPassRejected, msgTriesLeft, msgKeyring, msgClipboardBad, msgDialFailed, msgAnswerFailed, msgRejectFailed, msgConnUnauth, msgProbUnauth, msgHintUnauth, msgProbUnreach, msgHintUnreach, msgProbBadReply, msgHintBadReply, msgProbCert, msgHintCert, msgProbNotSupp, msgHintClickDial, msgProbPhone, msgProbAddress, msgHintAddress, msgProbOther, msgPushOff, msgPushFailed}
	for _, lang := range []string{"en", "ru"} {
		cat := i18n.New(lang)
		for _, key := range keys {
			if got := cat.T(key); got == key {
				t.Errorf("%s: key %q missing from ui/i18n", lang, key)
			}
		}
	}
}

func TestTranslateUsesCatalog(t *testing.T) {
	if got := translate(i18n.New("ru"), msgDialingKeys, "203", 1, 4); got != "Набор 203 (клавиша 1 из 4)" {
		t.Errorf("ru: %q", got)
	}
	if got := translate(nil, msgNoPhone); got != "Set the phone address in Settings" {
		t.Errorf("en: %q", got)
	}
}
