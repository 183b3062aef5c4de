Console.WriteLine("klantmeting");
