package mail

import (
	"bytes"
	"embed"
	"fmt"
	htmltemplate "html/template"
	"strings"
	texttemplate "text/template"
)

//go:embed templates/*.txt templates/*.html
var templateFS embed.FS

// Renderer turns a Message into a Rendered email with the embedded templates. Each
// template is a NAME.txt file (a "Subject: ..." line, a blank line, the plain-text
// body) and a NAME.html file (the HTML body, escaped by html/template).
type Renderer struct {
	text map[string]*texttemplate.Template
	html map[string]*htmltemplate.Template
}

// NewRenderer parses the embedded templates.
func NewRenderer() (*Renderer, error) {
	r := &Renderer{text: map[string]*texttemplate.Template{}, html: map[string]*htmltemplate.Template{}}
	for name := range templateNames {
		t, err := texttemplate.New(name).Option("missingkey=error").ParseFS(templateFS, "templates/"+name+".txt")
		if err != nil {
			return nil, fmt.Errorf("mail: template %s: %w", name, err)
		}
		h, err := htmltemplate.New(name).Option("missingkey=error").ParseFS(templateFS, "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("mail: template %s: %w", name, err)
		}
		r.text[name], r.html[name] = t.Lookup(name+".txt"), h.Lookup(name+".html")
	}
	return r, nil
}

// templateNames are the embedded templates: every NAME.txt has a NAME.html beside it.
// Enqueue checks names against it, so a typo fails the transaction that queues an email
// rather than the worker, later.
var templateNames = func() map[string]struct{} {
	out := map[string]struct{}{}
	entries, _ := templateFS.ReadDir("templates") // embedded: cannot fail
	for _, e := range entries {
		if name, ok := strings.CutSuffix(e.Name(), ".txt"); ok {
			out[name] = struct{}{}
		}
	}
	return out
}()

// Render fills a template with the message's data.
func (r *Renderer) Render(m Message) (Rendered, error) {
	t, ok := r.text[m.Template]
	if !ok {
		return Rendered{}, fmt.Errorf("mail: unknown template %q", m.Template)
	}
	var text, html bytes.Buffer
	if err := t.Execute(&text, m.Data); err != nil {
		return Rendered{}, fmt.Errorf("mail: render %s: %w", m.Template, err)
	}
	if err := r.html[m.Template].Execute(&html, m.Data); err != nil {
		return Rendered{}, fmt.Errorf("mail: render %s: %w", m.Template, err)
	}
	head, body, ok := strings.Cut(text.String(), "\n\n")
	subject, found := strings.CutPrefix(head, "Subject: ")
	if !ok || !found || strings.ContainsAny(subject, "\r\n") {
		return Rendered{}, fmt.Errorf("mail: template %s: want a \"Subject: \" line and a blank line first", m.Template)
	}
	return Rendered{To: m.To, Subject: subject, Text: body, HTML: html.String()}, nil
}
