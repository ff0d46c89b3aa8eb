package apierror_test

import (
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/goauth-dev/goauth/authcore/apierror"
)

func TestIsMatchesByCode(t *testing.T) {
	err := fmt.Errorf("sign-in: %w", apierror.InvalidEmailOrPassword.WithStatus(http.StatusUnauthorized))
	tests := []struct {
		name   string
		target error
		want   bool
	}{
		{"same code, no status in target", &apierror.Error{Code: apierror.InvalidEmailOrPassword}, true},
		{"same code and status", apierror.InvalidEmailOrPassword.WithStatus(http.StatusUnauthorized), true},
		{"same code, other status", apierror.InvalidEmailOrPassword.WithStatus(http.StatusBadRequest), false},
		{"other code", &apierror.Error{Code: apierror.InvalidPassword}, false},
		{"not an apierror", errors.New("INVALID_EMAIL_OR_PASSWORD: Invalid email or password"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := errors.Is(err, tt.target); got != tt.want {
				t.Errorf("errors.Is(%v, %v) = %v, want %v", err, tt.target, got, tt.want)
			}
		})
	}
}

func TestIsIgnoresMessage(t *testing.T) {
	custom := apierror.New(http.StatusBadRequest, apierror.MissingField, "`name` is required")
	if !errors.Is(custom, &apierror.Error{Code: apierror.MissingField}) {
		t.Error("a custom message on a base code must still match the code")
	}
}

func TestWithStatus(t *testing.T) {
	got := apierror.UserNotFound.WithStatus(http.StatusNotFound)
	want := &apierror.Error{Status: http.StatusNotFound, Code: apierror.UserNotFound, Message: "User not found"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("WithStatus mismatch (-want +got):\n%s", diff)
	}
	// Each call is a fresh value: changing one does not leak into the next.
	got.Message = "changed"
	if again := apierror.UserNotFound.WithStatus(http.StatusNotFound); again.Message != "User not found" {
		t.Errorf("WithStatus after mutation: message %q", again.Message)
	}
}

func TestMessage(t *testing.T) {
	// Exact messages from spec section 1.7.
	tests := map[apierror.Code]string{
		apierror.UserAlreadyExists:                    "User already exists.",
		apierror.UserAlreadyExistsUseAnotherEmail:     "User already exists. Use another email.",
		apierror.IDTokenNotSupported:                  "id_token not supported",
		apierror.SessionExpired:                       "Session expired. Re-authenticate to perform this action.",
		apierror.FailedToUnlinkLastAccount:            "You can't unlink your last account",
		apierror.CrossSiteNavigationLoginBlocked:      "Cross-site navigation login blocked. This request appears to be a CSRF attack.",
		apierror.VerificationEmailNotEnabled:          "Verification email isn't enabled",
		apierror.InvalidCallbackURL:                   "Invalid callbackURL",
		apierror.FailedToCreateVerification:           "Unable to create verification",
		apierror.MethodNotAllowedDeferSessionRequired: "POST method requires deferSessionRefresh to be enabled in session config",
		apierror.PasswordAlreadySet:                   "User already has a password set",
		apierror.ValidationError:                      "Validation Error",
		// Not a base code: the code itself.
		apierror.Code("MY_PLUGIN_ERROR"): "MY_PLUGIN_ERROR",
	}
	for code, want := range tests {
		if got := code.Message(); got != want {
			t.Errorf("%s.Message() = %q, want %q", code, got, want)
		}
	}
}

func TestBaseCodes(t *testing.T) {
	codes := apierror.BaseCodes()
	if len(codes) != 48 {
		t.Fatalf("BaseCodes() has %d entries, want 48", len(codes))
	}
	for code, msg := range codes {
		if msg == "" || code.Message() != msg {
			t.Errorf("BaseCodes()[%s] = %q, Message() = %q", code, msg, code.Message())
		}
	}
	for _, adHoc := range []apierror.Code{apierror.UnauthorizedCode, apierror.NotFound, apierror.EmailPasswordDisabled} {
		if _, ok := codes[adHoc]; ok {
			t.Errorf("BaseCodes() contains ad-hoc code %s", adHoc)
		}
	}

	// A copy: callers (plugins adding codes) cannot change the base set.
	codes[apierror.UserNotFound] = "changed"
	codes["EXTRA"] = "extra"
	fresh := apierror.BaseCodes()
	if fresh[apierror.UserNotFound] != "User not found" || len(fresh) != 48 {
		t.Errorf("BaseCodes() shares its map: UserNotFound = %q, len %d", fresh[apierror.UserNotFound], len(fresh))
	}
	if apierror.UserNotFound.Message() != "User not found" {
		t.Error("mutating BaseCodes() changed Code.Message")
	}
}

func TestErrorString(t *testing.T) {
	tests := []struct {
		err  *apierror.Error
		want string
	}{
		{apierror.InvalidToken.WithStatus(http.StatusBadRequest), "INVALID_TOKEN: Invalid token"},
		{apierror.MessageOnly(http.StatusBadRequest, "No fields to update"), "No fields to update"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}

func TestConstructors(t *testing.T) {
	tests := []struct {
		name string
		got  *apierror.Error
		want *apierror.Error
	}{
		{"New", apierror.New(http.StatusForbidden, "X", "m"), &apierror.Error{Status: 403, Code: "X", Message: "m"}},
		{"Empty", apierror.Empty(http.StatusUnauthorized), &apierror.Error{Status: 401, EmptyBody: true}},
		{"MessageOnly", apierror.MessageOnly(http.StatusBadRequest, "Email is the same"), &apierror.Error{Status: 400, Message: "Email is the same"}},
		{"Unauthorized", apierror.Unauthorized(), &apierror.Error{Status: 401, Code: "UNAUTHORIZED", Message: "Unauthorized"}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, tt.got); diff != "" {
			t.Errorf("%s mismatch (-want +got):\n%s", tt.name, diff)
		}
	}
}

func TestAs(t *testing.T) {
	inner := apierror.SessionNotFresh.WithStatus(http.StatusForbidden)
	got, ok := apierror.As(fmt.Errorf("guard: %w", inner))
	if !ok || got != inner {
		t.Errorf("As(wrapped) = %v, %v; want the wrapped error", got, ok)
	}
	if got, ok := apierror.As(errors.New("plain")); ok || got != nil {
		t.Errorf("As(plain) = %v, %v; want nil, false", got, ok)
	}
}
