package sandbox

import (
	"bufio"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// stmtQuery is one statement query; every page of it shares the key its cursors carry.
type stmtQuery struct {
	account, status string
	from, to        time.Time
	categories      []string
	key             string
	generated       int          // operations made up from their index
	extra           []*operation // then these
}

func (s *Server) tbStatement(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	bad := func(field, msg string) {
		tbError(w, r, http.StatusBadRequest, "VALIDATION_ERROR", "Ошибка валидации", map[string]string{field: msg})
	}
	sq := stmtQuery{account: q.Get("accountNumber"), status: q.Get("operationStatus"), categories: q["categories"]}
	var err error
	if len(sq.account) != 20 || strings.Trim(sq.account, "0123456789") != "" {
		bad("accountNumber", "должен состоять из 20 цифр")
		return
	}
	if sq.from, err = time.Parse(time.RFC3339, q.Get("from")); err != nil {
		bad("from", "ожидается дата и время в формате RFC 3339")
		return
	}
	sq.to = time.Now()
	if v := q.Get("to"); v != "" {
		if sq.to, err = time.Parse(time.RFC3339, v); err != nil {
			bad("to", "ожидается дата и время в формате RFC 3339")
			return
		}
	}
	if sq.status == "" {
		sq.status = "All"
	}
	if !slices.Contains([]string{"All", "Transaction", "Authorization"}, sq.status) {
		bad("operationStatus", "допустимые значения: All, Authorization, Transaction")
		return
	}
	limit := 1000
	if v := q.Get("limit"); v != "" {
		if limit, err = strconv.Atoi(v); err != nil || limit < 1 {
			bad("limit", "должен быть положительным числом")
			return
		}
	}
	s.tb.mu.Lock()
	n, maxLimit, repeat := s.tb.operations, s.tb.pageLimit, s.tb.repeatCursor
	var extra []*operation // drafts the control API executed, after the generated operations
	for _, op := range s.tb.executed {
		if op.account == sq.account && !op.at.Before(sq.from) && op.at.Before(sq.to) {
			extra = append(extra, op)
		}
	}
	s.tb.mu.Unlock()
	limit = min(limit, maxLimit)
	if sq.account != MainAccount {
		n = 0 // the other accounts had no operations in any period
	}
	sq.generated, sq.extra = n, extra
	n += len(extra)
	sum := sha256.Sum256([]byte(fmt.Sprint(sq.account, sq.from.Unix(), sq.to.Unix(), sq.status, sq.categories, n)))
	sq.key = hex.EncodeToString(sum[:6])
	start := 0
	cursor := q.Get("cursor")
	if cursor != "" {
		if start, err = parseCursor(cursor, sq.key); err != nil {
			tbError(w, r, http.StatusBadRequest, "INVALID_DATA", "Некорректный курсор", nil)
			return
		}
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	bw := bufio.NewWriterSize(w, 64<<10)
	defer bw.Flush()
	bw.WriteString("{")
	if cursor == "" && q.Get("withBalances") == "true" {
		bw.WriteString(`"balances":`)
		bw.Write(s.balances(sq, n))
		bw.WriteString(",")
	}
	bw.WriteString(`"operations":[`)
	var buf []byte
	written, i := 0, start
	for ; i < n && written < limit; i++ {
		op := sq.op(i)
		if !sq.wants(op) {
			continue
		}
		if written > 0 {
			bw.WriteByte(',')
		}
		buf = op.appendJSON(buf[:0])
		bw.Write(buf)
		written++
	}
	bw.WriteString("]")
	for ; i < n && !sq.wants(sq.op(i)); i++ {
	}
	switch {
	case i < n && repeat && cursor != "":
		// As T-Bank's own sandbox does: the same cursor, forever.
		fmt.Fprintf(bw, `,"nextCursor":%q`, cursor)
	case i < n:
		fmt.Fprintf(bw, `,"nextCursor":%q`, makeCursor(i, sq.key))
	}
	bw.WriteString("}")
}

// op is the query's operation i: a generated one, then the executed drafts.
func (sq *stmtQuery) op(i int) *operation {
	if i < sq.generated {
		return opAt(i, sq.generated, sq.from, sq.to)
	}
	return sq.extra[i-sq.generated]
}

func (sq *stmtQuery) wants(op *operation) bool {
	if sq.status != "All" && op.status != sq.status {
		return false
	}
	return len(sq.categories) == 0 || slices.Contains(sq.categories, op.category)
}

func makeCursor(offset int, key string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(fmt.Sprintf("v1:%d:%s", offset, key)))
}

func parseCursor(c, key string) (int, error) {
	raw, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil {
		return 0, err
	}
	parts := strings.Split(string(raw), ":")
	if len(parts) != 3 || parts[0] != "v1" || parts[2] != key {
		return 0, fmt.Errorf("cursor of another query")
	}
	return strconv.Atoi(parts[1])
}

// balances are the period's: the opening balance, and the closing one that the transactions
// (not the authorizations) make of it, in kopecks so nothing is rounded.
func (s *Server) balances(sq stmtQuery, n int) []byte {
	const begin = 125000050 // 1250000.50
	credit, debit := int64(0), int64(0)
	for i := 0; i < n; i++ {
		op := sq.op(i)
		if op.status != "Transaction" {
			continue
		}
		if op.credit {
			credit += op.kopecks
		} else {
			debit += op.kopecks
		}
	}
	return []byte(fmt.Sprintf(`{"balanceBegin":%s,"balanceEnd":%s,"credit":%s,"debit":%s}`,
		kop(begin), kop(begin+credit-debit), kop(credit), kop(debit)))
}

// kop writes kopecks as roubles with two decimals, exactly.
func kop(k int64) string {
	sign := ""
	if k < 0 {
		sign, k = "-", -k
	}
	return fmt.Sprintf("%s%d.%02d", sign, k/100, k%100)
}
