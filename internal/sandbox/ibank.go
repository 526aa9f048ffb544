package sandbox

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"

	"github.com/bankctl/bankctl/internal/sandbox/wire"
)

// SetClientInfo replaces the body of GET /api/client/info.
func (s *Server) SetClientInfo(body []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ClientInfo = body
}

func (s *Server) routeIBank() {
	s.mux.HandleFunc("GET /api/client/info", s.ibankAuth(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		s.mu.Lock()
		body := s.ClientInfo
		s.mu.Unlock()
		w.Write(body)
	}))
	s.mux.HandleFunc("GET /api/accounts", s.ibankAuth(func(w http.ResponseWriter, r *http.Request) {
		var info struct {
			Banks []struct {
				Accounts []json.RawMessage `json:"accounts"`
			} `json:"banks"`
		}
		json.Unmarshal(s.ClientInfo, &info)
		accounts := []json.RawMessage{}
		for _, b := range info.Banks {
			accounts = append(accounts, b.Accounts...)
		}
		wire.WriteJSON(w, http.StatusOK, map[string]any{"accounts": accounts})
	}))
	// A payment-order draft: echoes what it was sent with an id, as a create call would.
	s.mux.HandleFunc("POST /api/payment-orders", s.ibankAuth(func(w http.ResponseWriter, r *http.Request) {
		var doc map[string]any
		if err := json.NewDecoder(r.Body).Decode(&doc); err != nil {
			wire.WriteJSON(w, http.StatusBadRequest, map[string]string{"code": "BAD_REQUEST", "message": "тело запроса должно быть JSON"})
			return
		}
		doc["id"] = wire.NewID()
		doc["status"] = "DRAFT"
		wire.WriteJSON(w, http.StatusCreated, doc)
	}))
	// Echo shows what bankctl sent: method, headers other than Authorization, query and body.
	s.mux.HandleFunc("/api/echo", s.ibankAuth(func(w http.ResponseWriter, r *http.Request) {
		h := r.Header.Clone()
		h.Del("Authorization")
		body, _ := io.ReadAll(r.Body)
		wire.WriteJSON(w, http.StatusOK, map[string]any{
			"method": r.Method, "query": r.URL.Query(), "header": h, "body": string(body),
		})
	}))
	s.mux.HandleFunc("/api/", s.ibankAuth(func(w http.ResponseWriter, r *http.Request) {
		wire.WriteJSON(w, http.StatusNotFound, map[string]string{"code": "NOT_FOUND", "message": "метод не найден"})
	}))
}

// ibankAuth checks the bearer token as the bank would: 401 for an unknown or expired token,
// 403 for a token limited to other IP addresses.
func (s *Server) ibankAuth(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		token, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		switch {
		case !ok || token == "":
			wire.WriteJSON(w, http.StatusUnauthorized, map[string]string{"code": "UNAUTHORIZED", "message": "требуется токен доступа"})
		case token == ExpiredToken:
			wire.WriteJSON(w, http.StatusUnauthorized, map[string]string{"code": "TOKEN_EXPIRED", "message": "срок действия токена истёк"})
		case token == IPLimitedToken:
			wire.WriteJSON(w, http.StatusForbidden, map[string]string{"code": "IP_NOT_ALLOWED", "message": "доступ с IP-адреса 127.0.0.1 запрещён"})
		case token != DemoToken:
			wire.WriteJSON(w, http.StatusUnauthorized, map[string]string{"code": "UNAUTHORIZED", "message": "токен не найден"})
		default:
			next(w, r)
		}
	}
}

// demoClientInfo is a realistic client/info body, shaped like the BIFIT web client's model:
// money and dates as strings, Cyrillic names, accounts grouped by bank.
func demoClientInfo() []byte {
	return []byte(`{
  "clientInfo": {
    "name": "ООО «Северный ветер»",
    "fullOrganizationName": "Общество с ограниченной ответственностью «Северный ветер»",
    "inn": "7704521838",
    "kpp": "770401001",
    "ogrn": "1157746123456",
    "okpo": "12345678",
    "type": "LEGAL_ENTITY"
  },
  "contactInfo": {
    "addr": "119021, г. Москва, ул. Льва Толстого, д. 16, офис 4",
    "telephone": "+7 495 123-45-67",
    "email": "buh@severnyveter.ru"
  },
  "employeeInfo": {
    "fio": "Иванова Мария Сергеевна",
    "role": "Руководитель",
    "position": "Генеральный директор"
  },
  "banks": [
    {
      "bic": "044525999",
      "name": "АО «Банк Пример»",
      "accounts": [
        {"accountNumber": "40702810600000012345", "currency": "RUB", "status": "OPEN", "remainder": "1250000.50", "openDate": "2021-03-15"},
        {"accountNumber": "40702840200000001234", "currency": "USD", "status": "OPEN", "remainder": "15000.00", "openDate": "2022-07-01"},
        {"accountNumber": "40702978600000004321", "currency": "EUR", "status": "BLOCKED", "remainder": "0.00", "openDate": "2022-07-01"}
      ]
    },
    {
      "bic": "046577999",
      "name": "ПАО «Уральский Пример»",
      "accounts": [
        {"accountNumber": "40702810216540000777", "currency": "RUB", "status": "OPEN", "remainder": "98765.43", "openDate": "2023-11-20"}
      ]
    }
  ],
  "permissions": ["VIEW_ACCOUNTS", "VIEW_STATEMENTS", "CREATE_PAYMENT_DRAFT"]
}
`)
}
