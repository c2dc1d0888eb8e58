System.Console.WriteLine(Mnemo.Probe.Run());
