package apierror

// Better Auth 1.6.9 base error codes (packages/core/src/error/codes.ts).
const (
	UserNotFound                         Code = "USER_NOT_FOUND"
	FailedToCreateUser                   Code = "FAILED_TO_CREATE_USER"
	FailedToCreateSession                Code = "FAILED_TO_CREATE_SESSION"
	FailedToUpdateUser                   Code = "FAILED_TO_UPDATE_USER"
	FailedToGetSession                   Code = "FAILED_TO_GET_SESSION"
	InvalidPassword                      Code = "INVALID_PASSWORD"
	InvalidEmail                         Code = "INVALID_EMAIL"
	InvalidEmailOrPassword               Code = "INVALID_EMAIL_OR_PASSWORD"
	InvalidUser                          Code = "INVALID_USER"
	SocialAccountAlreadyLinked           Code = "SOCIAL_ACCOUNT_ALREADY_LINKED"
	ProviderNotFound                     Code = "PROVIDER_NOT_FOUND"
	InvalidToken                         Code = "INVALID_TOKEN"
	TokenExpired                         Code = "TOKEN_EXPIRED"
	IDTokenNotSupported                  Code = "ID_TOKEN_NOT_SUPPORTED"
	FailedToGetUserInfo                  Code = "FAILED_TO_GET_USER_INFO"
	UserEmailNotFound                    Code = "USER_EMAIL_NOT_FOUND"
	EmailNotVerified                     Code = "EMAIL_NOT_VERIFIED"
	PasswordTooShort                     Code = "PASSWORD_TOO_SHORT"
	PasswordTooLong                      Code = "PASSWORD_TOO_LONG"
	UserAlreadyExists                    Code = "USER_ALREADY_EXISTS"
	UserAlreadyExistsUseAnotherEmail     Code = "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL"
	EmailCanNotBeUpdated                 Code = "EMAIL_CAN_NOT_BE_UPDATED"
	CredentialAccountNotFound            Code = "CREDENTIAL_ACCOUNT_NOT_FOUND"
	SessionExpired                       Code = "SESSION_EXPIRED"
	FailedToUnlinkLastAccount            Code = "FAILED_TO_UNLINK_LAST_ACCOUNT"
	AccountNotFound                      Code = "ACCOUNT_NOT_FOUND"
	UserAlreadyHasPassword               Code = "USER_ALREADY_HAS_PASSWORD"
	CrossSiteNavigationLoginBlocked      Code = "CROSS_SITE_NAVIGATION_LOGIN_BLOCKED"
	VerificationEmailNotEnabled          Code = "VERIFICATION_EMAIL_NOT_ENABLED"
	EmailAlreadyVerified                 Code = "EMAIL_ALREADY_VERIFIED"
	EmailMismatch                        Code = "EMAIL_MISMATCH"
	SessionNotFresh                      Code = "SESSION_NOT_FRESH"
	LinkedAccountAlreadyExists           Code = "LINKED_ACCOUNT_ALREADY_EXISTS"
	InvalidOrigin                        Code = "INVALID_ORIGIN"
	InvalidCallbackURL                   Code = "INVALID_CALLBACK_URL"
	InvalidRedirectURL                   Code = "INVALID_REDIRECT_URL"
	InvalidErrorCallbackURL              Code = "INVALID_ERROR_CALLBACK_URL"
	InvalidNewUserCallbackURL            Code = "INVALID_NEW_USER_CALLBACK_URL"
	MissingOrNullOrigin                  Code = "MISSING_OR_NULL_ORIGIN"
	CallbackURLRequired                  Code = "CALLBACK_URL_REQUIRED"
	FailedToCreateVerification           Code = "FAILED_TO_CREATE_VERIFICATION"
	FieldNotAllowed                      Code = "FIELD_NOT_ALLOWED"
	AsyncValidationNotSupported          Code = "ASYNC_VALIDATION_NOT_SUPPORTED"
	ValidationError                      Code = "VALIDATION_ERROR"
	MissingField                         Code = "MISSING_FIELD"
	MethodNotAllowedDeferSessionRequired Code = "METHOD_NOT_ALLOWED_DEFER_SESSION_REQUIRED"
	BodyMustBeAnObject                   Code = "BODY_MUST_BE_AN_OBJECT"
	PasswordAlreadySet                   Code = "PASSWORD_ALREADY_SET"
)

// Ad-hoc codes used by core routes outside the base set.
const (
	EmailPasswordSignUpDisabled Code = "EMAIL_PASSWORD_SIGN_UP_DISABLED"
	EmailPasswordDisabled       Code = "EMAIL_PASSWORD_DISABLED"
	ResetPasswordDisabled       Code = "RESET_PASSWORD_DISABLED"
	UnauthorizedCode            Code = "UNAUTHORIZED"
	InternalServerError         Code = "INTERNAL_SERVER_ERROR"
	NotFound                    Code = "NOT_FOUND"
	UnsupportedMediaType        Code = "UNSUPPORTED_MEDIA_TYPE"
)

var baseMessages = map[Code]string{
	UserNotFound:                         "User not found",
	FailedToCreateUser:                   "Failed to create user",
	FailedToCreateSession:                "Failed to create session",
	FailedToUpdateUser:                   "Failed to update user",
	FailedToGetSession:                   "Failed to get session",
	InvalidPassword:                      "Invalid password",
	InvalidEmail:                         "Invalid email",
	InvalidEmailOrPassword:               "Invalid email or password",
	InvalidUser:                          "Invalid user",
	SocialAccountAlreadyLinked:           "Social account already linked",
	ProviderNotFound:                     "Provider not found",
	InvalidToken:                         "Invalid token",
	TokenExpired:                         "Token expired",
	IDTokenNotSupported:                  "id_token not supported",
	FailedToGetUserInfo:                  "Failed to get user info",
	UserEmailNotFound:                    "User email not found",
	EmailNotVerified:                     "Email not verified",
	PasswordTooShort:                     "Password too short",
	PasswordTooLong:                      "Password too long",
	UserAlreadyExists:                    "User already exists.",
	UserAlreadyExistsUseAnotherEmail:     "User already exists. Use another email.",
	EmailCanNotBeUpdated:                 "Email can not be updated",
	CredentialAccountNotFound:            "Credential account not found",
	SessionExpired:                       "Session expired. Re-authenticate to perform this action.",
	FailedToUnlinkLastAccount:            "You can't unlink your last account",
	AccountNotFound:                      "Account not found",
	UserAlreadyHasPassword:               "User already has a password. Provide that to delete the account.",
	CrossSiteNavigationLoginBlocked:      "Cross-site navigation login blocked. This request appears to be a CSRF attack.",
	VerificationEmailNotEnabled:          "Verification email isn't enabled",
	EmailAlreadyVerified:                 "Email is already verified",
	EmailMismatch:                        "Email mismatch",
	SessionNotFresh:                      "Session is not fresh",
	LinkedAccountAlreadyExists:           "Linked account already exists",
	InvalidOrigin:                        "Invalid origin",
	InvalidCallbackURL:                   "Invalid callbackURL",
	InvalidRedirectURL:                   "Invalid redirectURL",
	InvalidErrorCallbackURL:              "Invalid errorCallbackURL",
	InvalidNewUserCallbackURL:            "Invalid newUserCallbackURL",
	MissingOrNullOrigin:                  "Missing or null Origin",
	CallbackURLRequired:                  "callbackURL is required",
	FailedToCreateVerification:           "Unable to create verification",
	FieldNotAllowed:                      "Field not allowed to be set",
	AsyncValidationNotSupported:          "Async validation is not supported",
	ValidationError:                      "Validation Error",
	MissingField:                         "Field is required",
	MethodNotAllowedDeferSessionRequired: "POST method requires deferSessionRefresh to be enabled in session config",
	BodyMustBeAnObject:                   "Body must be an object",
	PasswordAlreadySet:                   "User already has a password set",
}

// BaseCodes returns Better Auth's 48 base codes with their messages (a fresh map).
func BaseCodes() map[Code]string {
	m := make(map[Code]string, len(baseMessages))
	for k, v := range baseMessages {
		m[k] = v
	}
	return m
}
