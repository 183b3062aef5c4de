namespace Klantmeting.Web.Pages.Account;

/// <summary>One error on a form: the id of the field it belongs to (for the link in the error summary) and the message.</summary>
public sealed record FormError(string Field, string Message);
