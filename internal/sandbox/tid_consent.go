package sandbox

import (
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/bankctl/bankctl/internal/loopback"
	"github.com/bankctl/bankctl/internal/sandbox/tbank"
)

var consentTmpl = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("consent").Parse(`<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><title>T-ID sandbox — вход</title>
<style>body{font-family:sans-serif;max-width:30em;margin:4em auto}button{font-size:1.1em;margin-right:1em}</style></head>
<body><h1>Вход через T-ID (песочница)</h1>
<p>Приложение <b>{{.ClientID}}</b> запрашивает доступ к вашим данным.</p>
{{if .INN}}<p>Организация: ИНН {{.INN}}, КПП {{.KPP}}</p>{{end}}
<form method="post" action="/auth/authorize">
{{range $k, $v := .Params}}<input type="hidden" name="{{$k}}" value="{{$v}}">{{end}}
<button type="submit" name="decision" value="allow" id="allow">Продолжить</button>
<button type="submit" name="decision" value="deny" id="deny">Отмена</button>
</form></body></html>
`))
})

var errorTmpl = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("err").Parse(`<!doctype html><html lang="ru"><head><meta charset="utf-8"><title>T-ID sandbox — ошибка</title></head><body><h1>Ошибка</h1><p>{{.}}</p></body></html>
`))
})

func (s *Server) tidAuthorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if msg := checkAuthorize(q); msg != "" {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusBadRequest)
		errorTmpl().Execute(w, msg)
		return
	}
	var sp struct{ INN, KPP string }
	json.Unmarshal([]byte(q.Get("scope_parameters")), &sp)
	params := map[string]string{}
	for _, k := range []string{"client_id", "redirect_uri", "state", "response_type", "scope_parameters", "code_challenge", "code_challenge_method"} {
		if v := q.Get(k); v != "" {
			params[k] = v
		}
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	consentTmpl().Execute(w, map[string]any{"ClientID": q.Get("client_id"), "INN": sp.INN, "KPP": sp.KPP, "Params": params})
}

// checkAuthorize validates an authorize request; errors here are shown, never redirected, since
// the redirect URI itself may be the problem.
func checkAuthorize(q url.Values) string {
	switch {
	case q.Get("client_id") != DemoClientID:
		return "неизвестный client_id"
	case q.Get("response_type") != "code":
		return "response_type должен быть code"
	case q.Get("state") == "":
		return "нет параметра state"
	case !validRedirect(q.Get("redirect_uri")):
		return "redirect_uri не зарегистрирован"
	case q.Get("code_challenge") != "" && q.Get("code_challenge_method") != "S256":
		return "поддерживается только code_challenge_method=S256"
	}
	if sp := q.Get("scope_parameters"); sp != "" {
		var v struct{ INN, KPP string }
		if json.Unmarshal([]byte(sp), &v) != nil || v.INN == "" || v.KPP == "" {
			return "scope_parameters должен быть JSON {\"inn\":\"…\",\"kpp\":\"…\"}"
		}
	}
	return ""
}

// validRedirect accepts the demo URI, any loopback http URI (tests pick free ports) and https.
func validRedirect(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return false
	}
	return u.Scheme == "https" || (u.Scheme == "http" && loopback.Host(u.Hostname()))
}

func (s *Server) tidDecision(w http.ResponseWriter, r *http.Request) {
	r.ParseForm()
	q := r.PostForm
	if msg := checkAuthorize(q); msg != "" {
		w.WriteHeader(http.StatusBadRequest)
		errorTmpl().Execute(w, msg)
		return
	}
	back, _ := url.Parse(q.Get("redirect_uri"))
	v := back.Query()
	v.Set("state", q.Get("state"))
	if q.Get("decision") != "allow" {
		v.Set("error", "access_denied")
		v.Set("error_description", "Пользователь отменил вход")
	} else {
		code := "c." + randToken()
		scopes := []string{"profile", "phone", "email"}
		var sp struct{ INN, KPP string }
		if json.Unmarshal([]byte(q.Get("scope_parameters")), &sp) == nil && sp.INN != "" {
			s.tid.mu.Lock()
			denied := s.tid.deniedScopes
			if g := s.tid.grantCompany; g != nil {
				sp.INN, sp.KPP = g.INN, g.KPP
			}
			s.tid.mu.Unlock()
			for _, a := range BusinessScopes {
				if !slices.Contains(denied, a) {
					scopes = append(scopes, fmt.Sprintf("opensme/inn/[%s]/kpp/[%s]/%s", sp.INN, sp.KPP, a))
				}
			}
		}
		s.tid.mu.Lock()
		for _, a := range tbank.IndividualScopes {
			if !slices.Contains(s.tid.deniedScopes, a) && !slices.Contains(s.tid.deniedScopes, strings.TrimPrefix(a, "opensme/")) {
				scopes = append(scopes, a)
			}
		}
		s.tid.codes[code] = &grant{redirectURI: q.Get("redirect_uri"), challenge: q.Get("code_challenge"), scopes: scopes, expires: time.Now().Add(2 * time.Minute)}
		s.tid.mu.Unlock()
		v.Set("code", code)
		v.Set("session_state", randToken())
	}
	back.RawQuery = v.Encode()
	http.Redirect(w, r, back.String(), http.StatusFound)
}
