// Package useragent names the browser and operating system of a User-Agent header in
// words people recognise ("Chrome on Linux"), for the sessions list and the security
// log. Parsing is github.com/medama-io/go-useragent's (a maintained, tested parser);
// this package only words its answer and names the programs it does not know (curl,
// the accountd CLI) by the first product of the header.
package useragent

import (
	"strings"
	"sync"

	medama "github.com/medama-io/go-useragent"
)

// Client is what a User-Agent says about the software that sent it.
type Client struct {
	// Browser is the browser's name ("Chrome", "Firefox"), or the program's ("curl")
	// when the header names no browser; empty when it names nothing.
	Browser string
	// OS is the operating system ("Linux", "iOS"); empty when the header does not say.
	OS string
	// Name is the two in words: "Chrome on Linux", "curl", "Unknown browser or app".
	Name string
}

// Unknown is the Name of a header that names nothing recognisable (or is empty).
const Unknown = "Unknown browser or app"

// maxLen bounds what is parsed: a header is attacker-controlled and stored as sent.
const maxLen = 512

var parser = sync.OnceValue(medama.NewParser)

// Parse describes a User-Agent header.
func Parse(header string) Client {
	header = strings.TrimSpace(header)
	if len(header) > maxLen {
		header = header[:maxLen]
	}
	if header == "" {
		return Client{Name: Unknown}
	}
	ua := parser().Parse(header)
	c := Client{Browser: string(ua.Browser()), OS: string(ua.OS())}
	if c.Browser == "" {
		c.Browser = product(header)
	}
	switch {
	case c.Browser != "" && c.OS != "":
		c.Name = c.Browser + " on " + c.OS
	case c.Browser != "":
		c.Name = c.Browser
	case c.OS != "":
		c.Name = "A browser on " + c.OS
	default:
		c.Name = Unknown
	}
	return c
}

// product is the name of the header's first product ("curl" of "curl/8.5.0"), when it
// is not the "Mozilla" every browser sends; empty otherwise.
func product(header string) string {
	first, _, _ := strings.Cut(header, " ")
	name, _, _ := strings.Cut(first, "/")
	if name == "" || strings.EqualFold(name, "Mozilla") || len(name) > 40 {
		return ""
	}
	for _, r := range name {
		if !(r == '-' || r == '_' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return ""
		}
	}
	return name
}
