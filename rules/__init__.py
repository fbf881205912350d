"""The regulation content of eformlint: one module per area of Appendix 01.

Every rule is listed here by hand. A rule's code is the rulebook requirement it checks
(``VAL-001``) or, when a requirement has several checks of different severity, the
requirement and the check's number (``UI-010.2``). Codes are never reused: a retired code
goes into ``RETIRED_CODES``. Legal bases, titles and messages are data, in ``metadata/``.
"""

from eformlint.rules import autofill, data_validation, error_messages, structure, ui_layout, vietnamese_text
from eformlint.rules import catalogues, dates_names, identity, prefill

RULES = [
    # structure: input and definition integrity
    structure.UnreadableFile,
    structure.SyntaxError_,
    structure.UnknownFormat,
    structure.InputLimitExceeded,
    structure.FileNotUtf8,
    structure.DuplicateKey,
    structure.UnknownReference,
    structure.InvalidPattern,
    structure.WrongValueType,
    structure.UnknownComponentType,
    structure.SchemaViolation,
    structure.RequiredHiddenField,
    structure.UnresolvedTranslation,
    structure.OrphanBind,
    # giao diện
    ui_layout.MissingFieldLabel,
    ui_layout.MissingGuidance,
    ui_layout.FreeTextForCatalogueValue,
    ui_layout.UntitledSection,
    ui_layout.ObsoleteLabel,
    vietnamese_text.LegacyEncodingText,
    vietnamese_text.TextNotNfc,
    vietnamese_text.MissingDiacritics,
    vietnamese_text.StrayWhitespace,
    # thông báo lỗi
    error_messages.RuleWithoutMessage,
    error_messages.GenericErrorMessage,
    error_messages.MessageWithoutFormatHint,
    error_messages.TechnicalOrEnglishMessage,
    error_messages.OneMessageForSeveralRules,
    error_messages.MessageWithoutFieldName,
    error_messages.MessageRevealsOtherData,
    error_timing.ErrorsShownTooLate,
    error_timing.NoReviewBeforeSubmission,
    # tự động điền thông tin
    autofill.CoreIdentityNotAutofilled,
    autofill.PrefillNameNotInVocabulary,
    autofill.UploadOfDocumentReplacedByData,
    prefill.RecordDataNotAutofilled,
    prefill.PrefilledIdentityEditable,
    prefill.PrefilledWithoutCorrectionHint,
    prefill.CodedElementNotCoded,
    prefill.ReentryWithinForm,
    prefill.ContactNotFromAccount,
    prefill.LockedPrefillBlocksSubmission,
    prefill.NoPersonalDataNotice,
    # xác thực dữ liệu
    data_validation.WeakIdNumberRule,
    data_validation.PhoneWithoutVietnameseFormat,
    data_validation.EmailWithoutValidation,
    data_validation.IdentifierTypedAsNumber,
    identity.OldIdNumberAsMainIdentifier,
    identity.TaxIdStructure,
    identity.TaxIdCheckDigitNotEnforced,
    identity.BranchTaxIdWithoutHyphen,
    identity.IdNumberNotCrossChecked,
    dates_names.DateNotDayFirst,
    dates_names.BirthDateRejectsPartialDate,
    dates_names.NamePatternRejectsVietnamese,
    dates_names.NameFieldUnchecked,
    dates_names.DateNotStoredAsIso,
    catalogues.DistrictLevelInCurrentAddress,
    catalogues.HistoricalPlaceLimitedToCurrentMap,
    catalogues.CommuneListNotFilteredByProvince,
    catalogues.EthnicityNotFromCatalogue,
    catalogues.ReligionNotFromCatalogue,
    catalogues.CountryNotIsoCode,
    catalogues.OutdatedInlineCatalogue,
    catalogues.RemoteCatalogueWithoutVersion,
    catalogues.OptionsInCodePointOrder,
    catalogues.StoredValueNotNfc,
    catalogues.NonAsciiDataKey,
    data_validation.RequiredFieldWithoutLegalBasis,
    data_validation.FreeTextWithoutMaxLength,
    data_validation.ValidationInCodeOnly,
    data_validation.UploadWithoutTypeOrSizeLimit,
    data_validation.PhoneMaskStoresPunctuation,
]

# Codes that once named a rule and must never name another one.
RETIRED_CODES: dict[str, str] = {}
