namespace Klantmeting.Users;

/// <summary>A user cannot be created as asked (unknown Werkplein, duplicate e-mail, weak password); the message says why.</summary>
public sealed class UserException(string message) : Exception(message);
