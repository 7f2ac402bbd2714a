package notify

import (
	"encoding/xml"
	"strings"
	"testing"
)

// toastDoc is the part of the toast XML schema the tests read.
type toastDoc struct {
	XMLName        xml.Name `xml:"toast"`
	ActivationType string   `xml:"activationType,attr"`
	Launch         string   `xml:"launch,attr"`
	Duration       string   `xml:"duration,attr"`
	Texts          []string `xml:"visual>binding>text"`
	Images         []struct {
		Placement string `xml:"placement,attr"`
		Src       string `xml:"src,attr"`
	} `xml:"visual>binding>image"`
	Audio struct {
		Src  string `xml:"src,attr"`
		Loop string `xml:"loop,attr"`
	} `xml:"audio"`
	Actions []struct {
		ActivationType string `xml:"activationType,attr"`
		Content        string `xml:"content,attr"`
		Arguments      string `xml:"arguments,attr"`
	} `xml:"actions>action"`
}

func renderToast(t *testing.T, n Notification, id ID, icon string) toastDoc {
	t.Helper()
	s, err := toastXML(buildToast("GXP Tray", n, id, icon))
	if err != nil {
		t.Fatal(err)
	}
	var doc toastDoc
	if err := xml.Unmarshal([]byte(s), &doc); err != nil {
		t.Fatalf("the toast is not well-formed XML: %v\n%s", err, s)
	}
	return doc
}

// The incoming-call toast as the tray process asks for it: title, caller,
// Accept and Reject as foreground buttons whose arguments name this
// notification and the action key, a long ringing toast.
func TestToastIncomingCall(t *testing.T) {
	n := Notification{
		Summary:  "Incoming call",
		Body:     "Анна Смирнова\n+7 495 123-45-67",
		Urgency:  UrgencyCritical,
		Timeout:  -1,
		Category: "call.incoming",
		Actions:  []Action{{Key: "accept", Label: "Accept"}, {Key: "reject", Label: "Reject"}},
	}
	doc := renderToast(t, n, 7, `C:\Users\anna\AppData\Local\gxptray\run\gxptray.png`)
	if len(doc.Texts) != 2 || doc.Texts[0] != "Incoming call" || doc.Texts[1] != "Анна Смирнова\n+7 495 123-45-67" {
		t.Errorf("texts %q", doc.Texts)
	}
	if doc.ActivationType != "foreground" || doc.Duration != "long" {
		t.Errorf("toast activationType %q duration %q, want foreground and long", doc.ActivationType, doc.Duration)
	}
	if doc.Audio.Src != "ms-winsoundevent:Notification.Looping.Call" || doc.Audio.Loop != "true" {
		t.Errorf("audio %+v, want the looping call sound", doc.Audio)
	}
	if len(doc.Images) != 1 || doc.Images[0].Src != `C:\Users\anna\AppData\Local\gxptray\run\gxptray.png` || doc.Images[0].Placement != "appLogoOverride" {
		t.Errorf("images %+v", doc.Images)
	}
	if len(doc.Actions) != 2 {
		t.Fatalf("actions %+v, want Accept and Reject", doc.Actions)
	}
	for i, want := range []struct{ label, key string }{{"Accept", "accept"}, {"Reject", "reject"}} {
		a := doc.Actions[i]
		id, key, ok := parseToastArgs(a.Arguments)
		if a.Content != want.label || a.ActivationType != "foreground" || !ok || id != 7 || key != want.key {
			t.Errorf("button %d: %+v (parsed id %d key %q ok %v), want %q -> notification 7, %q", i, a, id, key, ok, want.label, want.key)
		}
	}
	if id, key, ok := parseToastArgs(doc.Launch); !ok || id != 7 || key != "" {
		t.Errorf("launch %q: a click on the body must name the notification and no button", doc.Launch)
	}
}

// Missed calls: "Call back"; plain notifications: no actions element, short.
func TestToastMissedAndPlain(t *testing.T) {
	doc := renderToast(t, Notification{Summary: "Missed call", Body: "203", Category: "call.unanswered",
		Actions: []Action{{Key: "callback", Label: "Call back"}}}, 3, "")
	if len(doc.Actions) != 1 || doc.Actions[0].Content != "Call back" || doc.Actions[0].Arguments != "gxptray-toast:3:callback" {
		t.Errorf("missed call actions %+v", doc.Actions)
	}
	if doc.Duration != "short" || doc.Audio.Src != "ms-winsoundevent:Notification.Default" || len(doc.Images) != 0 {
		t.Errorf("missed call: duration %q audio %+v images %+v", doc.Duration, doc.Audio, doc.Images)
	}
	doc = renderToast(t, Notification{Summary: "Calling 203", Icon: "gxptray"}, 4, "gxptray")
	if len(doc.Actions) != 0 || len(doc.Images) != 0 {
		t.Errorf("plain toast: actions %+v, images %+v (an icon name is not a file on Windows)", doc.Actions, doc.Images)
	}
}

// Caller names come from the phone and address books: markup, quotes and a
// CDATA end in them stay text and do not break or extend the XML.
func TestToastHostileText(t *testing.T) {
	n := Notification{
		Summary: `Evil]]><toast launch="x">`,
		Body:    "a & b <c> \"d\" 'e'\x07",
		Actions: []Action{{Key: "accept", Label: `Ok" arguments="gxptray-toast:1:reject`}},
	}
	doc := renderToast(t, n, 9, `C:\a "b" & <c>.png`)
	if len(doc.Texts) != 2 || !strings.HasPrefix(doc.Texts[0], "Evil]] >") || doc.Texts[1] != "a & b <c> \"d\" 'e'" {
		t.Errorf("texts %q", doc.Texts)
	}
	if len(doc.Actions) != 1 || doc.Actions[0].Content != `Ok" arguments="gxptray-toast:1:reject` || doc.Actions[0].Arguments != "gxptray-toast:9:accept" {
		t.Errorf("actions %+v", doc.Actions)
	}
	if len(doc.Images) != 1 || doc.Images[0].Src != `C:\a "b" & <c>.png` {
		t.Errorf("images %+v", doc.Images)
	}
}

func TestParseToastArgs(t *testing.T) {
	for _, s := range []string{"", "gxptray-toast:", "gxptray-toast:0:accept", "gxptray-toast:x:accept",
		"gxptray-toast:5", "other:5:accept", "gxptray-toast:99999999999:accept"} {
		if id, key, ok := parseToastArgs(s); ok {
			t.Errorf("parseToastArgs(%q) = %d, %q, true; want not ours", s, id, key)
		}
	}
}

// A click on a toast button reaches the callback of its notification with
// the key the tray process maps to a phone operation (accept ->
// acceptcall, reject -> rejectcall, callback -> dial), once; a second
// click, a click after Close, a body click or another id do nothing.
func TestToastActivation(t *testing.T) {
	var tab actionTable
	var got []string
	call := []Action{{Key: "accept", Label: "Accept"}, {Key: "reject", Label: "Reject"}}
	tab.add(1, func(k string) { got = append(got, "1:"+k) }, call)
	tab.add(2, func(k string) { got = append(got, "2:"+k) }, call)

	tab.activate(toastArgs(1, ""))       // the body
	tab.activate(toastArgs(3, "accept")) // unknown id
	tab.activate(toastArgs(1, "hangup")) // not one of its buttons
	tab.activate("other-app:1:accept")
	tab.activate(toastArgs(1, "reject"))
	tab.activate(toastArgs(1, "accept")) // already answered
	tab.forget(2)
	tab.activate(toastArgs(2, "accept")) // closed: the call was answered on the phone
	if len(got) != 1 || got[0] != "1:reject" {
		t.Fatalf("callbacks %q, want only 1:reject", got)
	}
}
