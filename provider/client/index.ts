/** The JSMS API client's public pieces: the client, its error type, the return-code table and the shapes it uses. */
export { JsmsClient, CLIENT_DEFAULTS, DEFAULT_ENDPOINT } from "./jsmsClient";
export { JsmsError, JsmsFailure, CreatedObjectKind } from "./jsmsError";
export { RETURN_CODES, ReturnCodeInfo, describeReturnCode, isRetryableResponse } from "./returnCodes";
export {
    Balance,
    ClientOptions,
    FileUpload,
    QualificationFields,
    SignatureFields,
    SignatureInfo,
    TemplateFields,
    TemplateInfo,
    TemplateTypeCode,
} from "./types";
