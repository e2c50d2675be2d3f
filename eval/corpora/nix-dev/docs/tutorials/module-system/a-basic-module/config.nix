{ ... }:
{
  config = {
    name = "Boaty McBoatface";
  };
}
