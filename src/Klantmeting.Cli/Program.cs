// Placeholder entry point so the solution builds; the real commands (System.CommandLine) replace this.
Console.Error.WriteLine("klantmeting: nog geen opdrachten beschikbaar.");
return 1;
