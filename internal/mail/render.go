package mail

import (
	"bytes"
	"embed"
	"fmt"
	htmltemplate "html/template"
	"io/fs"
	"slices"
	"strings"
	"sync"
	texttemplate "text/template"
)

//go:embed templates/*.txt templates/*.html
var templateFS embed.FS

// Renderer turns a Message into a Rendered email with the embedded templates. Each
// template NAME is two files: NAME.txt, a "Subject: ..." line, a blank line and the
// plain-text body (text/template), and NAME.html, the HTML body (html/template, so data
// is escaped for its context). Every template runs with missingkey=error: an email
// with a hole in it is a bug that must fail loudly, not reach a person.
type Renderer struct {
	templates map[string]emailTemplate
}

type emailTemplate struct {
	subject, text *texttemplate.Template
	html          *htmltemplate.Template
}

// NewRenderer parses the embedded templates.
func NewRenderer() (*Renderer, error) {
	names, err := fs.Glob(templateFS, "templates/*.txt")
	if err != nil {
		return nil, fmt.Errorf("mail: list templates: %w", err)
	}
	r := &Renderer{templates: map[string]emailTemplate{}}
	for _, file := range names {
		name := strings.TrimSuffix(strings.TrimPrefix(file, "templates/"), ".txt")
		t, err := parseTemplate(name)
		if err != nil {
			return nil, fmt.Errorf("mail: template %s: %w", name, err)
		}
		r.templates[name] = t
	}
	return r, nil
}

// parseTemplate reads NAME.txt and NAME.html. The subject line is cut from the source,
// not from the output, so data can never move the boundary between subject and body.
func parseTemplate(name string) (emailTemplate, error) {
	src, err := templateFS.ReadFile("templates/" + name + ".txt")
	if err != nil {
		return emailTemplate{}, err
	}
	head, body, ok := strings.Cut(strings.ReplaceAll(string(src), "\r\n", "\n"), "\n\n")
	subject, found := strings.CutPrefix(head, "Subject: ")
	if !ok || !found || strings.Contains(subject, "\n") {
		return emailTemplate{}, fmt.Errorf(`%s.txt: want a "Subject: " line and a blank line first`, name)
	}
	var t emailTemplate
	if t.subject, err = texttemplate.New("subject").Option("missingkey=error").Parse(subject); err != nil {
		return emailTemplate{}, err
	}
	if t.text, err = texttemplate.New(name + ".txt").Option("missingkey=error").Parse(body); err != nil {
		return emailTemplate{}, err
	}
	html, err := templateFS.ReadFile("templates/" + name + ".html")
	if err != nil {
		return emailTemplate{}, err
	}
	if t.html, err = htmltemplate.New(name + ".html").Option("missingkey=error").Parse(string(html)); err != nil {
		return emailTemplate{}, err
	}
	return t, nil
}

// Has reports whether a template exists.
func (r *Renderer) Has(template string) bool {
	_, ok := r.templates[template]
	return ok
}

// Names lists the templates, sorted.
func (r *Renderer) Names() []string {
	names := make([]string, 0, len(r.templates))
	for n := range r.templates {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// Render fills a template with the message's data. An unknown template or a missing
// data key is an error.
func (r *Renderer) Render(m Message) (Rendered, error) {
	t, ok := r.templates[m.Template]
	if !ok {
		return Rendered{}, fmt.Errorf("mail: unknown template %q", m.Template)
	}
	var subject, text, html bytes.Buffer
	if err := t.subject.Execute(&subject, m.Data); err != nil {
		return Rendered{}, fmt.Errorf("mail: render %s: %w", m.Template, err)
	}
	if err := t.text.Execute(&text, m.Data); err != nil {
		return Rendered{}, fmt.Errorf("mail: render %s: %w", m.Template, err)
	}
	if err := t.html.Execute(&html, m.Data); err != nil {
		return Rendered{}, fmt.Errorf("mail: render %s: %w", m.Template, err)
	}
	return Rendered{
		To: m.To,
		// One line whatever the data holds: a line break in a header would let data
		// write headers of its own (header injection).
		Subject: strings.Join(strings.Fields(subject.String()), " "),
		Text:    text.String(),
		HTML:    html.String(),
	}, nil
}

// builtin is the renderer Enqueue checks messages with. The templates are part of the
// binary, so parsing them once for the process is as good as parsing them per call.
var builtin = sync.OnceValues(NewRenderer)
