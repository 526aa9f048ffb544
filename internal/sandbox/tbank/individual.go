package tbank

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/bankctl/bankctl/internal/sandbox/demo"
	"github.com/bankctl/bankctl/internal/sandbox/wire"
)

// The sandbox's invented person: the one its T-ID signs in (userinfo says Иванова Мария
// Сергеевна). The INN's and SNILS's check digits are right; no such person exists.
const (
	PersonPassport = "4509123456"
	PersonINN      = "770348291539"
	PersonSNILS    = "11223344595"
	PersonLicense  = "7719654321"
)

// IndividualScopes are the T-ID scopes of a person's data, one per method.
var IndividualScopes = []string{
	"opensme/individual/passport/get", "opensme/individual/passport-short/get", "opensme/individual/inn/get",
	"opensme/individual/snils/get", "opensme/individual/driver-licenses/get", "opensme/individual/addresses/get",
	"opensme/individual/identification/status/get",
}

var passport = map[string]any{
	"birthDate": "1985-04-12", "birthPlace": "гор. Тула", "citizenship": "RU", "issueDate": "2005-05-20",
	"maritalStatus": "MARRIED", "marriageDate": "2011-08-06", "numberOfChildren": 2, "resident": true,
	"serialNumber": PersonPassport, "unitCode": "770-015", "unitName": "ОВД района Хамовники гор. Москвы", "validTo": "2030-04-12",
}

var foreignPassport = map[string]any{
	"birthDate": "1985-04-12", "birthPlace": "гор. Тула", "citizenship": "RU", "issueDate": "2022-03-15",
	"serialNumber": "751234567", "unitCode": "", "unitName": "МВД 77001", "validTo": "2032-03-15", "resident": true,
}

// registerIndividual serves the person's methods: a T-ID token with the method's scope only
// (the partner scenario; the self-service token is refused), 20 requests a second.
func (s *Bank) registerIndividual(mux *http.ServeMux) {
	get := func(path, scope string, h func(w http.ResponseWriter, r *http.Request)) {
		mux.HandleFunc("GET /openapi/api/v1/individual/"+path, s.personAuth(scope, h))
	}
	get("documents/passport", "passport/get", func(w http.ResponseWriter, r *http.Request) {
		switch t := r.URL.Query().Get("idType"); t {
		case "", "PASSPORT":
			wire.WriteJSON(w, http.StatusOK, passport)
		case "RF_INTERNATIONAL_PASSPORT":
			wire.WriteJSON(w, http.StatusOK, foreignPassport)
		case "FOREIGN_PASSPORT", "FOREIGN_INTERNATIONAL_PASSPORT", "BIRTH_CERTIFICATE", "RF_RESIDENCE_PERMIT":
			tbError(w, r, http.StatusNotFound, "NOT_FOUND", "Документ не найден", nil)
		default:
			tbError(w, r, http.StatusBadRequest, "VALIDATION_ERROR", "Некорректный запрос", map[string]string{"idType": "недопустимое значение"})
		}
	})
	get("documents/passport-short", "passport-short/get", func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		unconfirmed := s.passportUnconfirmed
		s.mu.Unlock()
		if unconfirmed {
			// The bank's 422; its details name the document, which bankctl must not repeat.
			tbError(w, r, http.StatusUnprocessableEntity, "UNPROCESSABLE_ENTITY", "Паспортные данные не подтверждены", map[string]string{"serialNumber": PersonPassport})
			return
		}
		short := map[string]any{}
		for _, k := range []string{"birthDate", "citizenship", "issueDate", "serialNumber", "unitCode", "unitName"} {
			short[k] = passport[k]
		}
		wire.WriteJSON(w, http.StatusOK, short)
	})
	get("documents/inn", "inn/get", func(w http.ResponseWriter, r *http.Request) {
		wire.WriteJSON(w, http.StatusOK, map[string]string{"inn": PersonINN})
	})
	get("documents/snils", "snils/get", func(w http.ResponseWriter, r *http.Request) {
		wire.WriteJSON(w, http.StatusOK, map[string]string{"snils": PersonSNILS})
	})
	get("documents/driver-licenses", "driver-licenses/get", func(w http.ResponseWriter, r *http.Request) {
		wire.WriteJSON(w, http.StatusOK, map[string]any{"licenses": []map[string]string{{"docNumber": PersonLicense, "issueDate": "2019-06-03"}}})
	})
	get("addresses", "addresses/get", func(w http.ResponseWriter, r *http.Request) {
		wire.WriteJSON(w, http.StatusOK, map[string]any{"addresses": []map[string]any{
			{"addressType": "REGISTRATION_ADDRESS", "primary": true, "country": "Россия", "region": "г. Москва", "city": "Москва",
				"street": "ул. Льва Толстого", "house": "16", "apartment": "42", "zipCode": "119021", "fiasCode": "0c5b2444-70a0-4932-980c-b4dc0d3f02b5"},
			{"addressType": "RESIDENCE_ADDRESS", "primary": false, "country": "Россия", "region": "Московская обл.", "city": "Красногорск",
				"street": "ул. Ленина", "house": "5", "apartment": "17", "zipCode": "143401", "fiasCode": ""},
		}})
	})
	get("identification/status", "identification/status/get", func(w http.ResponseWriter, r *http.Request) {
		wire.WriteJSON(w, http.StatusOK, map[string]bool{"isIdentified": true})
	})
}

// SetPassportUnconfirmed makes passport-short answer 422 «Паспортные данные не подтверждены».
func (s *Bank) SetPassportUnconfirmed(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.passportUnconfirmed = on
}

// personAuth admits a T-ID access token that holds opensme/individual/<scope>.
func (s *Bank) personAuth(scope string, next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		switch {
		case !ok || token == "":
			tbError(w, r, http.StatusUnauthorized, "UNAUTHORIZED", "Требуется токен доступа", nil)
			return
		case token == demo.TBusinessToken:
			tbError(w, r, http.StatusForbidden, "FORBIDDEN", "Метод доступен только в партнёрском сценарии", nil)
			return
		}
		scopes, active := s.tokens.AccessScopes(token)
		switch {
		case !active:
			tbError(w, r, http.StatusUnauthorized, "UNAUTHORIZED", "Токен недействителен", nil)
		case !slices.Contains(scopes, fmt.Sprintf("opensme/individual/%s", scope)):
			tbError(w, r, http.StatusForbidden, "FORBIDDEN", "Неподходящие скопы", nil)
		case !s.tbAllow("individual", token):
			tbError(w, r, http.StatusTooManyRequests, "TOO_MANY_REQUESTS", "Превышен лимит запросов", nil)
		default:
			next(w, r)
		}
	}
}

// SecuredUserinfo is the secured host's GET /api/v1/individual/userinfo: who the T-ID token's
// person is, as the bank knows them.
func (s *Bank) SecuredUserinfo(w http.ResponseWriter, r *http.Request) {
	token, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if _, active := s.tokens.AccessScopes(token); !active {
		tbError(w, r, http.StatusUnauthorized, "UNAUTHORIZED", "Токен недействителен", nil)
		return
	}
	wire.WriteJSON(w, http.StatusOK, map[string]any{"lastName": "Иванова", "firstName": "Мария", "middleName": "Сергеевна",
		"birthDate": "1985-04-12", "phone": "+79991234567", "email": "m.ivanova@severnyveter.ru", "inn": PersonINN})
}
