package testkit

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"testing"
)

// Client is a GraphQL client for tests. It keeps cookies like a browser, and sends
// Bearer when set, like a mobile app.
type Client struct {
	t      testing.TB
	url    string
	http   *http.Client
	Bearer string
	// Header is added to every request (Origin, User-Agent, ...).
	Header http.Header
}

// Client returns a new client of the server with an empty cookie jar.
func (s *Server) Client(t testing.TB) *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{t: t, url: s.URL, http: &http.Client{Jar: jar}, Header: http.Header{}}
}

// Response is a GraphQL answer.
type Response struct {
	Status int
	Header http.Header
	Data   json.RawMessage `json:"data"`
	Errors []Error         `json:"errors"`
	Body   []byte
}

// Error is one entry of a GraphQL response's errors.
type Error struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

// Code returns extensions.code of the first error, or "".
func (r *Response) Code() string {
	if len(r.Errors) == 0 {
		return ""
	}
	c, _ := r.Errors[0].Extensions["code"].(string)
	return c
}

// Do posts a GraphQL operation and decodes data into out (when out is not nil). It fails
// the test on transport errors, never on GraphQL errors: those are the test's to check.
func (c *Client) Do(query string, vars map[string]any, out any) *Response {
	c.t.Helper()
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		c.t.Fatalf("testkit: encode request: %v", err)
	}
	resp := c.Post("application/json", body)
	if out != nil && len(resp.Data) > 0 && string(resp.Data) != "null" {
		if err := json.Unmarshal(resp.Data, out); err != nil {
			c.t.Fatalf("testkit: decode data %s: %v", resp.Data, err)
		}
	}
	return resp
}

// Post sends a raw body to /graphql.
func (c *Client) Post(contentType string, body []byte) *Response {
	c.t.Helper()
	req, err := http.NewRequest(http.MethodPost, c.url+"/graphql", bytes.NewReader(body))
	if err != nil {
		c.t.Fatalf("testkit: %v", err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	return c.Send(req)
}

// Send sends a prepared request with the client's credentials and headers and parses
// the answer as GraphQL when it is JSON.
func (c *Client) Send(req *http.Request) *Response {
	c.t.Helper()
	for k, vs := range c.Header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	if c.Bearer != "" {
		req.Header.Set("Authorization", "Bearer "+c.Bearer)
	}
	hr, err := c.http.Do(req)
	if err != nil {
		c.t.Fatalf("testkit: %s %s: %v", req.Method, req.URL, err)
	}
	defer hr.Body.Close()
	raw, err := io.ReadAll(hr.Body)
	if err != nil {
		c.t.Fatalf("testkit: read response: %v", err)
	}
	resp := &Response{Status: hr.StatusCode, Header: hr.Header, Body: raw}
	if json.Valid(raw) {
		_ = json.Unmarshal(raw, resp)
	}
	return resp
}

// Cookies returns the cookies the client holds for the server.
func (c *Client) Cookies() []*http.Cookie {
	req, _ := http.NewRequest(http.MethodGet, c.url, nil)
	return c.http.Jar.Cookies(req.URL)
}

// Visit sends a GET to rawURL the way a browser navigates (cookies from the jar), but
// does not follow a redirect: it returns the status and the resolved Location, if any,
// so a test can look at each hop of a redirect flow.
func (c *Client) Visit(rawURL string) (status int, location *url.URL) {
	c.t.Helper()
	req, err := http.NewRequest(http.MethodGet, rawURL, nil)
	if err != nil {
		c.t.Fatalf("testkit: %v", err)
	}
	for k, vs := range c.Header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	hc := &http.Client{Jar: c.http.Jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := hc.Do(req)
	if err != nil {
		c.t.Fatalf("testkit: GET %s: %v", rawURL, err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	loc, err := resp.Location()
	if err != nil {
		return resp.StatusCode, nil
	}
	return resp.StatusCode, loc
}

// Browse navigates from rawURL through redirects among the local test servers
// (accountd, fake providers) and stops at the first URL elsewhere, such as the app
// at http://app.example.test, which it returns without fetching. It fails the test
// when the chain ends on a local page instead.
func (c *Client) Browse(rawURL string) *url.URL {
	c.t.Helper()
	next := rawURL
	for range 10 {
		status, loc := c.Visit(next)
		if loc == nil {
			c.t.Fatalf("testkit: GET %s answered %d without a redirect", next, status)
		}
		if loc.Hostname() != "127.0.0.1" {
			return loc
		}
		next = loc.String()
	}
	c.t.Fatalf("testkit: more than 10 redirects from %s", rawURL)
	return nil
}
